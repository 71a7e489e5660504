package com.lealup.http.customers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** The body of {@code POST /v1/customers} and {@code PATCH /v1/customers/{id}}. */
record CustomerRequest(String name, String emailDomain, BigDecimal arr, String currency, String status, String ownerId,
                       String ownerEmail, String segmentId, LocalDate renewalDate, String forecastCategory,
                       Map<String, Object> customFields) {
}
