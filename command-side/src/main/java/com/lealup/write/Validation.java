package com.lealup.write;

import com.lealup.api.Characters;
import com.lealup.api.DomainRejection;
import com.lealup.api.Names;
import com.lealup.api.StorableText;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field errors of a command, so that its 400 names every bad field at once (docs/conventions.md,
 * Errors), as the http layer's FieldRules does for the rules it checks. An aggregate checks every field, then
 * {@link #throwIfInvalid}; the checks that need state (a duplicate's 409, an unknown reference's 422, a claim) come
 * after it, so they run only on a valid command.
 */
public final class Validation {

    public static final int MAX_NAME_LENGTH = Names.MAX_LENGTH;

    private final List<DomainRejection.FieldError> errors = new ArrayList<>();

    public void name(String name) {
        name(name, MAX_NAME_LENGTH);
    }

    public void name(String name, int maxLength) {
        if (name == null || Names.isBlank(name)) {
            error("required", "name", "name is required");
        } else if (Characters.count(name) > maxLength) {
            error("too_long", "name", "name must be at most " + maxLength + " characters");
        } else if (Names.holdsControls(name)) {
            error("invalid_value", "name", "name " + Names.ONE_LINE);
        }
    }

    public void oneOf(String field, String value, List<String> allowed) {
        if (value == null) {
            error("required", field, field + " is required");
        } else if (!allowed.contains(value)) {
            error("unknown_value", field,
                    field + " must be one of " + String.join(", ", allowed) + ", not '" + StorableText.abbreviated(value) + "'");
        }
    }

    public void error(String code, String field, String message) {
        errors.add(new DomainRejection.FieldError(code, field, message));
    }

    /** No error so far: for a rule that means something only once the fields it reads are valid. */
    public boolean valid() {
        return errors.isEmpty();
    }

    /** A 400 with every error collected, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw DomainRejection.invalid(errors);
        }
    }
}
