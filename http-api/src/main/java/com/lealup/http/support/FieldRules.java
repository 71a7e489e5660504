package com.lealup.http.support;

import com.lealup.api.Characters;
import com.lealup.api.Emails;
import com.lealup.api.Names;
import com.lealup.api.Texts;
import com.lealup.http.support.ApiException.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Collects the field errors of a request body, so that a 400 names every bad field at once, with the codes
 * the whole API uses ({@code required}, {@code too_long}, {@code unknown_value}, ...).
 */
public final class FieldRules {

    /** The OpenAPI {@code pattern} of a text that is only not blank. */
    public static final String NOT_BLANK = "\\S";
    public static final int MAX_CUSTOM_TEXT = 1000;
    static final int MAX_CUSTOM_DECIMALS = 10;
    private static final BigDecimal MAX_CUSTOM_NUMBER = BigDecimal.TEN.pow(15);
    public static final String CUSTOM_FIELD_KEY_PATTERN = "^[A-Za-z_][A-Za-z0-9_]{0,63}$";
    private static final Pattern CUSTOM_FIELD_KEY = Pattern.compile(CUSTOM_FIELD_KEY_PATTERN);
    public static final String CUSTOM_FIELD_KEY_RULE = "custom field keys are 1-64 letters, digits or _, not starting with a digit";

    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> refusedNulls = new HashSet<>();

    /** Absent or null; a field already refused as null ({@link #refuseNulls}) is not refused twice. */
    public void required(String field, Object value) {
        if (value == null && !refusedNulls.contains(field)) {
            error(field, "required", field + " is required");
        }
    }

    /**
     * The fields sent as an explicit {@code null} ({@code nulls}, as {@link RequestJson#partial} finds them) that are
     * not {@code nullable}: {@code not_nullable} naming each. A create refuses them as its PATCH does, since a default
     * is for an absent field; a required field sent as null is refused once, as not_nullable.
     */
    public void refuseNulls(Collection<String> nulls, Collection<String> nullable) {
        nulls.stream().filter(field -> !nullable.contains(field)).sorted().forEach(field -> {
            refusedNulls.add(field);
            error(field, "not_nullable", field + " cannot be null");
        });
    }

    /**
     * A one-line text (a customer's or a contact's name, a task's title), kept as {@link Names} keeps a name: trimmed
     * of the white space around it, not blank, at most {@code max} characters, and no control character or line break
     * inside ({@code invalid_value}: an escape would colour a terminal that shows it, a line break split a CSV
     * export's row); null stays null. The OpenAPI document states it with {@link Names#PATTERN}.
     */
    public String line(String field, String value, int max) {
        return trimmedText(field, value, max, Names::holdsControls, " " + Names.ONE_LINE);
    }

    /**
     * A text of several lines (a description, notes): trimmed of the white space around it ({@link Names#trimmed}),
     * not blank, at most {@code max} characters, and no control character but tab and line breaks
     * ({@code invalid_value}); null stays null. The OpenAPI document states it with {@link Texts#PATTERN}.
     */
    public String text(String field, String value, int max) {
        return trimmedText(field, value, max, Texts::holdsControls,
                " must not hold control characters other than tabs and line breaks");
    }

    private String trimmedText(String field, String value, int max, Predicate<String> holdsControls, String controls) {
        if (value == null) {
            return null;
        }
        String trimmed = Names.trimmed(value);
        if (Names.isBlank(trimmed)) {
            error(field, "required", field + " must not be blank");
        } else if (Characters.count(trimmed) > max) {
            error(field, "too_long", field + " is at most " + max + " characters");
        } else if (holdsControls.test(trimmed)) {
            error(field, "invalid_value", field + controls);
        }
        return trimmed;
    }

    /**
     * An email ({@link Emails}), trimmed: {@code too_long} beyond {@value Emails#MAX_LENGTH} characters, else
     * {@code invalid_format} unless it has an email's shape; null stays null.
     */
    public String email(String field, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (Characters.count(trimmed) > Emails.MAX_LENGTH) {
            error(field, "too_long", field + " is at most " + Emails.MAX_LENGTH + " characters");
        } else if (!Emails.looksValid(trimmed)) {
            error(field, "invalid_format", field + " must be an email address");
        }
        return trimmed;
    }

    public String oneOf(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            error(field, "unknown_value", field + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /**
     * A custom field of a customer, as a body or a playbook's {@code set_custom_field} gives it: its key, and its
     * value, a string of at most {@value #MAX_CUSTOM_TEXT} characters, a number below 10^15 in magnitude with at
     * most {@value #MAX_CUSTOM_DECIMALS} decimals (what jsonb and the playbook expressions hold exactly), or a
     * boolean. A null value is the caller's to judge.
     */
    public void customField(String keyField, String key, String valueField, Object value) {
        if (key != null && !isCustomFieldKey(key)) {
            error(keyField, "invalid_format", CUSTOM_FIELD_KEY_RULE);
        }
        if (value instanceof String text && Characters.count(text) > MAX_CUSTOM_TEXT) {
            error(valueField, "too_long", "custom field text is at most " + MAX_CUSTOM_TEXT + " characters");
        } else if (value instanceof Number number && !boundedNumber(number)) {
            error(valueField, "out_of_range", "custom field numbers are below 10^15 in magnitude, with at most "
                    + MAX_CUSTOM_DECIMALS + " decimals");
        } else if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            error(valueField, "invalid_type", "custom field values are strings, numbers or booleans");
        }
    }

    public static boolean isCustomFieldKey(String key) {
        return CUSTOM_FIELD_KEY.matcher(key).matches();
    }

    private static boolean boundedNumber(Number number) {
        BigDecimal decimal = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
        return decimal.abs().compareTo(MAX_CUSTOM_NUMBER) < 0 && decimal.stripTrailingZeros().scale() <= MAX_CUSTOM_DECIMALS;
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
