package com.lealup.http.support;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** A date query parameter: {@code YYYY-MM-DD} in years 0001–9999 (API.md section 1), else 400 naming it. */
public final class DateParameter {

    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private DateParameter() {
    }

    /** The date, or {@code otherwise} when the parameter is absent. */
    public static LocalDate parse(String field, String value, LocalDate otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            LocalDate date = SHAPE.matcher(value).matches() ? LocalDate.parse(value) : null;
            if (date != null && date.getYear() >= 1) {
                return date;
            }
        } catch (DateTimeParseException ignored) {
            // answered below
        }
        throw ApiException.validation(field, "invalid_format", field + " must be a date, YYYY-MM-DD");
    }
}
