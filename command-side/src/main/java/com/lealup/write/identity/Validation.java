package com.lealup.write.identity;

import com.lealup.api.DomainRejection;
import java.util.List;

/** Field rules shared by the identity aggregates; each breach is a 400 naming the field. */
final class Validation {

    static final int MAX_NAME_LENGTH = 200;

    private Validation() {
    }

    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw DomainRejection.invalid("required", "name", "name is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw DomainRejection.invalid("too_long", "name", "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    static void requireOneOf(String field, String value, List<String> allowed) {
        if (value == null) {
            throw DomainRejection.invalid("required", field, field + " is required");
        }
        if (!allowed.contains(value)) {
            throw DomainRejection.invalid("unknown_value", field,
                    field + " must be one of " + String.join(", ", allowed) + ", not '" + value + "'");
        }
    }
}
