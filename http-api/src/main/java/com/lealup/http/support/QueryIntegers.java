package com.lealup.http.support;

/**
 * A query parameter holding a bounded integer ({@code limit}, {@code months_out}, {@code renewal_within_days}), read
 * alike by every endpoint: blanks around it ignored; anything but an integer within its bounds, a blank included, is
 * {@code 400 out_of_range} naming the parameter and its bounds.
 */
public final class QueryIntegers {

    private QueryIntegers() {
    }

    /** The integer {@code value} of the query parameter {@code field}, from {@code min} to {@code max}. */
    public static int within(String field, String value, int min, int max) {
        String text = value.trim();
        try {
            int number = isAscii(text) ? Integer.parseInt(text) : Integer.MIN_VALUE;
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.validation(field, "out_of_range", field + " must be an integer from " + min + " to " + max);
    }

    /**
     * Whether {@code text} is ASCII only: Java's number parsers also read other scripts' digits ({@code ١٢},
     * {@code １２}), which a number of the API, as a JSON number, never holds.
     */
    public static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }
}
