package com.lealup.http.customer;

import com.lealup.api.Emails;
import com.lealup.api.Names;
import com.lealup.http.support.FieldRules;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

/**
 * The body of {@code POST /v1/customers/{id}/contacts} and of its PATCH (where nothing is required: the document
 * names that form ContactPatch). {@code @Nullable} members may be cleared with null in a PATCH.
 */
@Schema(example = "{\"name\": \"Ana Pérez\", \"email\": \"ana@acme.com\", \"title\": \"VP Operations\", \"is_champion\": true, \"whatsapp_number\": \"+34600111222\"}")
record ContactRequest(@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = CustomerInput.MAX_NAME,
                              pattern = Names.PATTERN) String name,
                      @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = Emails.MAX_LENGTH,
                              pattern = Emails.PATTERN,
                              description = "Unique among the customer's contacts (409)") String email,
                      @Nullable @Schema(maxLength = CustomerInput.MAX_NAME, pattern = Names.PATTERN) String title,
                      Boolean isChampion,
                      @Nullable @Schema(description = "E.164: + and 8 to 15 digits", pattern = CustomerInput.E164_PATTERN)
                      String whatsappNumber) {
}
