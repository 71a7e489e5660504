package com.lealup.http.customers;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /v1/customers/{id}/contacts} and of its PATCH. */
@Schema(example = "{\"name\": \"Ana Pérez\", \"email\": \"ana@acme.com\", \"title\": \"VP Operations\", \"is_champion\": true, \"whatsapp_number\": \"+34600111222\"}")
record ContactRequest(String name, String email, String title, Boolean isChampion, String whatsappNumber) {
}
