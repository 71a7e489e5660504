package com.lealup.http.customers;

/** The body of {@code POST /v1/customers/{id}/contacts} and of its PATCH. */
record ContactRequest(String name, String email, String title, Boolean isChampion, String whatsappNumber) {
}
