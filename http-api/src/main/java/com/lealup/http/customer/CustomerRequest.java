package com.lealup.http.customer;

import com.lealup.api.Emails;
import com.lealup.api.Names;
import com.lealup.api.customer.CustomerLifecycle;
import com.lealup.http.support.FieldRules;
import com.lealup.http.support.JsonScalar;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.lang.Nullable;

/**
 * The body of {@code POST /v1/customers} and {@code PATCH /v1/customers/{id}} (where nothing is required: the
 * document names that form CustomerPatch). The bounds are {@link CustomerInput}'s; {@code @Nullable} members may be
 * cleared with null in a PATCH.
 */
@Schema(example = "{\"name\": \"Acme Corp\", \"email_domain\": \"acme.com\", \"arr\": 145000, \"currency\": \"USD\", \"status\": \"active\", \"owner_email\": \"maria@acme-success.com\", \"renewal_date\": \"2027-06-15\", \"forecast_category\": \"commit\", \"custom_fields\": {\"tier\": \"Platinum\", \"seats\": 250, \"beta\": true}}")
record CustomerRequest(@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = CustomerInput.MAX_NAME,
                               pattern = Names.PATTERN) String name,
                       @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = CustomerInput.MAX_DOMAIN,
                               pattern = CustomerInput.DOMAIN_PATTERN,
                               description = "A domain name such as acme.com, unique in the workspace (409)")
                       String emailDomain,
                       @Schema(description = "0 to below 10^15, at most 2 decimals; default 0", minimum = "0",
                               maximum = CustomerInput.MAX_ARR_TEXT, exclusiveMaximum = true) BigDecimal arr,
                       @Schema(description = "An ISO 4217 code; default USD", pattern = CustomerInput.CURRENCY_PATTERN)
                       String currency,
                       String status,
                       @Nullable @Schema(description = "A user of the workspace (else 422; in a PATCH, the customer's "
                               + "owner already is kept unchecked, deactivated since or not); null clears the owner. "
                               + "Not with owner_email (400), unless both are null")
                       String ownerId,
                       @Nullable @Schema(description = "The owner by email, a user of the workspace (else 422); null "
                               + "clears the owner, as owner_id null does. Not with owner_id (400), unless both are null",
                               pattern = Emails.PATTERN) String ownerEmail,
                       @Nullable String segmentId,
                       @Nullable @Schema(description = "YYYY-MM-DD, years 0001-9999; not before today (422)")
                       LocalDate renewalDate,
                       String forecastCategory,
                       @Schema(description = "Up to 100 keys (letters, digits, _; 1 to 64, not starting with a digit); "
                               + "values are strings of at most 1000 characters, booleans, or numbers below 10^15 in "
                               + "magnitude with at most 10 decimals. A PATCH merges them into the customer's: one that "
                               + "would leave it more than 100 keys is 422 too_many_custom_fields", maxProperties = CustomerLifecycle.MAX_CUSTOM_FIELDS)
                       @JsonScalar(maxLength = FieldRules.MAX_CUSTOM_TEXT) Map<String, Object> customFields) {
}
