package com.lealup.write;

import com.lealup.api.Characters;
import com.lealup.api.DomainRejection;
import com.lealup.api.Names;
import com.lealup.api.StorableText;
import java.util.List;

/** Field rules shared by the identity and territory aggregates; each breach is a 400 naming the field. */
public final class Validation {

    public static final int MAX_NAME_LENGTH = Names.MAX_LENGTH;

    private Validation() {
    }

    public static void requireName(String name) {
        if (name == null || Names.isBlank(name)) {
            throw DomainRejection.invalid("required", "name", "name is required");
        }
        if (Characters.count(name) > MAX_NAME_LENGTH) {
            throw DomainRejection.invalid("too_long", "name", "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    public static void requireOneOf(String field, String value, List<String> allowed) {
        if (value == null) {
            throw DomainRejection.invalid("required", field, field + " is required");
        }
        if (!allowed.contains(value)) {
            throw DomainRejection.invalid("unknown_value", field,
                    field + " must be one of " + String.join(", ", allowed) + ", not '" + StorableText.abbreviated(value) + "'");
        }
    }
}
