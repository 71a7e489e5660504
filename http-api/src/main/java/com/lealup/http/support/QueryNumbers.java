package com.lealup.http.support;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Numbers in query parameters ({@code limit}, {@code months_out}, {@code renewal_within_days}, the ARR bounds), read
 * alike by every endpoint: written as a JSON number is (RFC 8259, section 6), blanks around it ignored. Java's
 * parsers take more: a {@code +}, leading zeros ({@code 05}), {@code .5} and {@code 5.}, other scripts' digits
 * ({@code ١٢}, {@code １２}); none of those is a number of the API.
 */
public final class QueryNumbers {

    private static final Pattern JSON_INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]*)");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?");

    private QueryNumbers() {
    }

    /**
     * The integer {@code value} of the query parameter {@code field}, from {@code min} to {@code max}: one outside
     * is {@code 400 out_of_range}, anything that is no integer (a blank included) {@code 400 invalid_value}, both
     * naming the parameter and its bounds.
     */
    public static int within(String field, String value, int min, int max) {
        String text = value.trim();
        String rule = field + " must be an integer from " + min + " to " + max;
        if (!JSON_INTEGER.matcher(text).matches()) {
            // not a number at all, as an ARR bound that is none: invalid_value, not out_of_range
            throw ApiException.validation(field, "invalid_value", rule);
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException beyondAnInt) {
            // answered below
        }
        throw ApiException.validation(field, "out_of_range", rule);
    }

    /** The decimal {@code value} of a query parameter, or null when it is not a JSON number (the caller's 400). */
    public static BigDecimal decimal(String value) {
        String text = value.trim();
        try {
            return JSON_NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
        } catch (NumberFormatException exponentBeyondAnInt) {
            return null;
        }
    }
}
