package com.lealup.api.customer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * How a {@link CustomerUpdated} applies to a stored row of a customer's fields, written once for every table that
 * keeps them (the customer read model, the playbook engine's facts): a null field stays as it is, a cleared one
 * becomes null, custom fields merge key by key (a null value removes its key). Plain SQL text with named parameters,
 * so that both sides run the same statement through their own JDBC access.
 */
public final class CustomerFieldsPatch {

    /** The assignments of an {@code UPDATE ... SET}, with the named parameters of {@link #parameters}. */
    public static final String ASSIGNMENTS = assignments(parameter -> ":" + parameter);

    /**
     * The same assignments with each parameter written as {@code parameter} makes it of its name in
     * {@link #parameters}, e.g. a column of a multi-row {@code UPDATE ... FROM unnest(...)} (one patch per row).
     */
    public static String assignments(UnaryOperator<String> parameter) {
        return """
                name = COALESCE(%s, name), email_domain = COALESCE(%s, email_domain), arr = COALESCE(%s, arr),
                status = COALESCE(%s, status),
                owner_id = CASE WHEN %s THEN NULL ELSE COALESCE(%s, owner_id) END,
                segment_id = CASE WHEN %s THEN NULL ELSE COALESCE(%s, segment_id) END,
                renewal_date = CASE WHEN %s THEN NULL ELSE COALESCE(CAST(%s AS date), renewal_date) END,
                custom_fields = jsonb_strip_nulls(custom_fields || CAST(%s AS jsonb))""".formatted(
                Stream.of("name", "domain", "arr", "status", "clearOwner", "owner", "clearSegment", "segment",
                        "clearRenewal", "renewal", "custom").map(parameter).toArray());
    }

    private CustomerFieldsPatch() {
    }

    /**
     * The parameters of {@link #ASSIGNMENTS}. {@code customFieldsJson} is the change's custom fields as a JSON object
     * ({@code {}} for none): the caller serialises them, this module knows no JSON library.
     */
    public static Map<String, Object> parameters(CustomerFields changes, Set<String> cleared, String customFieldsJson) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("name", changes.name());
        parameters.put("domain", changes.emailDomain());
        parameters.put("arr", changes.arr());
        parameters.put("status", changes.status());
        parameters.put("clearOwner", cleared.contains(CustomerFields.OWNER_ID));
        parameters.put("owner", changes.ownerId());
        parameters.put("clearSegment", cleared.contains(CustomerFields.SEGMENT_ID));
        parameters.put("segment", changes.segmentId());
        parameters.put("clearRenewal", cleared.contains(CustomerFields.RENEWAL_DATE));
        parameters.put("renewal", changes.renewalDate() == null ? null : changes.renewalDate().toString());
        parameters.put("custom", customFieldsJson);
        return parameters;
    }
}
