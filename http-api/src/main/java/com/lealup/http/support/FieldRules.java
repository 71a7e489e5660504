package com.lealup.http.support;

import com.lealup.http.support.ApiException.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field errors of a request body, so that a 400 names every bad field at once, with the codes
 * the whole API uses ({@code required}, {@code too_long}, {@code unknown_value}, ...).
 */
public final class FieldRules {

    private final List<FieldError> errors = new ArrayList<>();

    public void required(String field, Object value) {
        if (value == null) {
            error(field, "required", field + " is required");
        }
    }

    /** The trimmed text, which must not be blank nor longer than {@code max}; null stays null. */
    public String text(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            error(field, "required", field + " must not be blank");
        } else if (trimmed.length() > max) {
            error(field, "too_long", field + " is at most " + max + " characters");
        }
        return trimmed;
    }

    public String oneOf(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            error(field, "unknown_value", field + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    public void error(String field, String code, String message) {
        errors.add(new FieldError(field, code, message));
    }

    /** 400 with every error collected, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
