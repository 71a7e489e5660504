package com.lealup.http.customer;

import com.lealup.api.Characters;
import com.lealup.api.Emails;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerLifecycle;
import com.lealup.http.support.FieldRules;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The syntactic rules of customer and contact bodies (400 with every field error at once). Rules that
 * need state (duplicates, unknown owner, renewal in the past) belong to the aggregate.
 */
final class CustomerInput {

    static final Set<String> CUSTOMER_FIELDS = Set.of("name", "email_domain", "arr", "currency", "status", "owner_id",
            "owner_email", "segment_id", "renewal_date", "forecast_category", "custom_fields");
    private static final String OWNER_EMAIL = "owner_email";
    private static final Set<String> CLEARABLE_CUSTOMER_FIELDS = Set.of(CustomerFields.OWNER_ID, CustomerFields.SEGMENT_ID,
            CustomerFields.RENEWAL_DATE);
    /** Only the clearable fields may be null, and owner_email, which names the owner_id it stands for. */
    private static final Set<String> NULLABLE_CUSTOMER_FIELDS = Set.of(CustomerFields.OWNER_ID,
            CustomerFields.SEGMENT_ID, CustomerFields.RENEWAL_DATE, OWNER_EMAIL);
    static final Set<String> CLEARABLE_CONTACT_FIELDS = Set.of(ContactFields.TITLE, ContactFields.WHATSAPP_NUMBER);

    // patterns as text too: the OpenAPI document states them (CustomerRequest, ContactRequest)
    static final String DOMAIN_PATTERN = "^" + Emails.TRIMMED + "(?=.{1,253}" + Emails.TRIMMED
            + "$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}" + Emails.TRIMMED + "$";
    static final String E164_PATTERN = "^\\+[1-9][0-9]{7,14}$";
    static final String CURRENCY_PATTERN = "^[A-Za-z]{3}$";
    private static final Pattern DOMAIN = Pattern.compile(DOMAIN_PATTERN);
    private static final Pattern E164 = Pattern.compile(E164_PATTERN);
    static final String MAX_ARR_TEXT = "1000000000000000";
    static final BigDecimal MAX_ARR = new BigDecimal(MAX_ARR_TEXT);
    static final int MAX_NAME = 200;
    static final int MAX_DOMAIN = 253;

    private final FieldRules rules = new FieldRules();

    private CustomerInput() {
    }

    /**
     * A create: name and email_domain are required; defaults are the aggregate's, for absent fields only: a null
     * (those sent as null are {@code nulls}) is refused as a PATCH refuses it, not taken for the default.
     */
    static CustomerFields forCreate(CustomerRequest body, Set<String> nulls) {
        CustomerInput input = new CustomerInput();
        input.rules.refuseNulls(nulls, NULLABLE_CUSTOMER_FIELDS);
        input.rules.required("name", body.name());
        input.rules.required("email_domain", body.emailDomain());
        CustomerFields fields = input.customer(body, nulls, false);
        input.rules.throwIfInvalid();
        return fields;
    }

    /** An update: only present fields; {@code nulls} are the ones sent as null ({@link #cleared} of them clear). */
    static CustomerFields forUpdate(CustomerRequest body, Set<String> nulls) {
        CustomerInput input = new CustomerInput();
        input.rules.refuseNulls(nulls, NULLABLE_CUSTOMER_FIELDS);
        CustomerFields fields = input.customer(body, nulls, true);
        input.rules.throwIfInvalid();
        return fields;
    }

    /**
     * The fields an update sent as {@code nulls} clears: the clearable ones, and the owner for {@code owner_email},
     * which names the owner as {@code owner_id} does.
     */
    static Set<String> cleared(Set<String> nulls) {
        return nulls.stream().map(f -> f.equals(OWNER_EMAIL) ? CustomerFields.OWNER_ID : f)
                .filter(CLEARABLE_CUSTOMER_FIELDS::contains).collect(Collectors.toSet());
    }

    /**
     * A new contact: name and email are required; {@code nulls}, those sent as null, are refused as a PATCH refuses
     * them (only the clearable fields may be null), since a default is for an absent field.
     */
    static ContactFields contactForCreate(ContactRequest body, Set<String> nulls) {
        CustomerInput input = new CustomerInput();
        input.rules.refuseNulls(nulls, CLEARABLE_CONTACT_FIELDS);
        input.rules.required("name", body.name());
        input.rules.required("email", body.email());
        ContactFields fields = input.contact(body);
        input.rules.throwIfInvalid();
        return fields;
    }

    static ContactFields contactForUpdate(ContactRequest body, Set<String> cleared) {
        CustomerInput input = new CustomerInput();
        input.rules.refuseNulls(cleared, CLEARABLE_CONTACT_FIELDS);
        ContactFields fields = input.contact(body);
        input.rules.throwIfInvalid();
        return fields;
    }

    private CustomerFields customer(CustomerRequest body, Set<String> nulls, boolean partial) {
        String name = rules.line("name", body.name(), MAX_NAME);
        String domain = body.emailDomain() == null ? null : body.emailDomain().trim().toLowerCase(Locale.ROOT);
        if (domain != null && Characters.count(domain) > MAX_DOMAIN) {
            rules.error("email_domain", "too_long", "email_domain is at most " + MAX_DOMAIN + " characters");
        } else if (domain != null && !DOMAIN.matcher(domain).matches()) {
            rules.error("email_domain", "invalid_format", "email_domain must be a domain name such as acme.com");
        }
        BigDecimal arr = body.arr();
        if (arr != null && arr.signum() < 0) {
            rules.error("arr", "must_be_positive", "Field 'arr' must be a positive number");
        } else if (arr != null && (arr.compareTo(MAX_ARR) >= 0 || arr.scale() > 2)) {
            rules.error("arr", "out_of_range", "arr must be below 10^15 with at most 2 decimals");
        } else if (arr == null && !partial) {
            arr = BigDecimal.ZERO;
        }
        String currency = body.currency() == null ? null : body.currency().toUpperCase(Locale.ROOT);
        if (currency != null && !isCurrency(currency)) {
            rules.error("currency", "unknown_value", "currency must be an ISO 4217 code such as USD");
        }
        rules.oneOf("status", body.status(), CustomerLifecycle.STATUSES);
        rules.oneOf("forecast_category", body.forecastCategory(), CustomerLifecycle.FORECAST_CATEGORIES);
        // two names of one owner: sent together they would contradict each other (one null clears), unless both clear
        boolean ownerIdSent = body.ownerId() != null || nulls.contains(CustomerFields.OWNER_ID);
        boolean ownerEmailSent = body.ownerEmail() != null || nulls.contains(OWNER_EMAIL);
        if (ownerIdSent && ownerEmailSent && (body.ownerId() != null || body.ownerEmail() != null)) {
            rules.error(OWNER_EMAIL, "conflicting_fields", "Give owner_id or owner_email, not both");
        }
        rules.email(OWNER_EMAIL, body.ownerEmail());
        Map<String, Object> custom = customFields(body.customFields(), partial);
        return new CustomerFields(name, domain, arr == null ? null : arr.stripTrailingZeros(), currency, body.status(),
                body.ownerId(), body.segmentId(), body.renewalDate(), body.forecastCategory(), custom);
    }

    private ContactFields contact(ContactRequest body) {
        String name = rules.line("name", body.name(), MAX_NAME);
        String title = rules.line("title", body.title(), MAX_NAME);
        String email = rules.email("email", body.email());
        if (body.whatsappNumber() != null && !E164.matcher(body.whatsappNumber()).matches()) {
            rules.error("whatsapp_number", "invalid_format",
                    "whatsapp_number must be in E.164 format: + and 8 to 15 digits, e.g. +56911112222");
        }
        return new ContactFields(name, email, title, body.isChampion(), body.whatsappNumber());
    }

    /** Values are strings, numbers or booleans; in an update a null value removes the key. */
    private Map<String, Object> customFields(Map<String, Object> fields, boolean partial) {
        if (fields == null) {
            return null;
        }
        if (fields.size() > CustomerLifecycle.MAX_CUSTOM_FIELDS) {
            rules.error("custom_fields", "too_many", "custom_fields holds at most " + CustomerLifecycle.MAX_CUSTOM_FIELDS + " keys");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            String field = "custom_fields." + key;
            if (value == null && !partial) {
                rules.error(field, "not_nullable", "a new customer's custom fields cannot be null");
            }
            rules.customField(field, key, field, value);
            result.put(key, value);
        });
        return result;
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
