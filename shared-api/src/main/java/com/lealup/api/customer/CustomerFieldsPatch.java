package com.lealup.api.customer;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * How a {@link CustomerUpdated} applies to a stored row of a customer's fields, written once for every table that
 * keeps them (the customer read model, the playbook engine's facts): a null field stays as it is, a cleared one
 * becomes null, custom fields merge key by key (a null value removes its key). Plain SQL text, so that both sides
 * run the same assignments through their own JDBC access.
 */
public final class CustomerFieldsPatch {

    /**
     * The assignments of an {@code UPDATE ... SET}, each parameter written as {@code parameter} makes it of its name,
     * e.g. a column of a multi-row {@code UPDATE ... FROM unnest(...)} (one patch per row): {@code name},
     * {@code domain}, {@code arr}, {@code status}, {@code clearOwner} (true: set to null), {@code owner},
     * {@code clearSegment}, {@code segment}, {@code clearRenewal}, {@code renewal} (text, cast to a date) and
     * {@code custom} (the change's custom fields as a JSON object, {@code {}} for none).
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
}
