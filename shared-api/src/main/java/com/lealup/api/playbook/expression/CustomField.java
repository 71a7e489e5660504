package com.lealup.api.playbook.expression;

import java.util.Objects;

/** {@code custom_fields.<key>}: a value of the customer's custom fields, of whatever scalar type it holds. */
public record CustomField(String key) implements Field {

    public static final String PREFIX = "custom_fields.";

    public CustomField {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String path() {
        return PREFIX + key;
    }

    @Override
    public ValueType type() {
        return ValueType.ANY;
    }
}
