package com.lealup.api.playbook.expression;

/** A customer fact an expression can compare: one of the {@link StandardField}s or a {@link CustomField}. */
public sealed interface Field permits StandardField, CustomField {

    /** The field as written in an expression, e.g. {@code health_score} or {@code custom_fields.tier}. */
    String path();

    ValueType type();
}
