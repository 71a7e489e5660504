package com.lealup.http.customers;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** The body of {@code POST /v1/customers} and {@code PATCH /v1/customers/{id}}. */
record CustomerRequest(String name, String emailDomain,
                       @Schema(description = "0 to below 10^15, at most 2 decimals") BigDecimal arr,
                       String currency, String status, String ownerId, String ownerEmail, String segmentId,
                       @Schema(description = "YYYY-MM-DD, years 0001-9999") LocalDate renewalDate,
                       String forecastCategory,
                       @Schema(description = "Up to 100 keys (letters, digits, _); values are strings of at most 1000 "
                               + "characters, booleans, or numbers below 10^15 in magnitude with at most 10 decimals")
                       Map<String, Object> customFields) {
}
