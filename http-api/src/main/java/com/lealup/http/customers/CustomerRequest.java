package com.lealup.http.customers;

import com.lealup.http.support.JsonScalar;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** The body of {@code POST /v1/customers} and {@code PATCH /v1/customers/{id}}. */
@Schema(example = "{\"name\": \"Acme Corp\", \"email_domain\": \"acme.com\", \"arr\": 145000, \"currency\": \"USD\", \"status\": \"active\", \"owner_email\": \"maria@acme-success.com\", \"renewal_date\": \"2027-06-15\", \"forecast_category\": \"commit\", \"custom_fields\": {\"tier\": \"Platinum\", \"seats\": 250, \"beta\": true}}")
record CustomerRequest(String name, String emailDomain,
                       @Schema(description = "0 to below 10^15, at most 2 decimals") BigDecimal arr,
                       String currency, String status, String ownerId, String ownerEmail, String segmentId,
                       @Schema(description = "YYYY-MM-DD, years 0001-9999") LocalDate renewalDate,
                       String forecastCategory,
                       @Schema(description = "Up to 100 keys (letters, digits, _); values are strings of at most 1000 "
                               + "characters, booleans, or numbers below 10^15 in magnitude with at most 10 decimals")
                       @JsonScalar Map<String, Object> customFields) {
}
