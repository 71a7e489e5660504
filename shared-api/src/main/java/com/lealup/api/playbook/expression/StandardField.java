package com.lealup.api.playbook.expression;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The customer facts every workspace has, with their types and, for enumerations, their only values. */
public enum StandardField implements Field {
    HEALTH_SCORE("health_score", ValueType.NUMBER),
    HEALTH_STATUS("health_status", ValueType.TEXT, "healthy", "neutral", "at_risk"),
    ARR("arr", ValueType.NUMBER),
    STATUS("status", ValueType.TEXT, "active", "trial", "churned", "paused"),
    /** The segment's name (not its id), so that an expression reads as the team speaks. */
    SEGMENT("segment", ValueType.TEXT),
    OWNER_ID("owner_id", ValueType.TEXT),
    DAYS_TO_RENEWAL("days_to_renewal", ValueType.NUMBER),
    RENEWAL_DATE("renewal_date", ValueType.DATE),
    NAME("name", ValueType.TEXT),
    EMAIL_DOMAIN("email_domain", ValueType.TEXT),
    OPEN_TASKS("open_tasks", ValueType.NUMBER);

    private final String path;
    private final ValueType type;
    private final List<String> allowedValues;

    StandardField(String path, ValueType type, String... allowedValues) {
        this.path = path;
        this.type = type;
        this.allowedValues = List.of(allowedValues);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public ValueType type() {
        return type;
    }

    /** The only values a text field can hold; empty when any text is possible. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    public static Optional<StandardField> byPath(String path) {
        return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst();
    }
}
