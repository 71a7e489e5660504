package com.lealup.http.support;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A query parameter holding a comma list ({@code ?status=active,trial}; the parameter given twice is refused:
 * {@link QueryParameters}), read alike by every list filter: its items trimmed, each once, in the order sent. An empty item
 * ({@code a,,b}, a trailing comma, the parameter empty) is a mistake, not a filter that matches nothing or a value to
 * skip: {@code 400 invalid_value}. An item the endpoint does not know is {@code 400 unknown_value}.
 */
public final class QueryLists {

    private QueryLists() {
    }

    /** The items of the comma list {@code value} of the query parameter {@code field}; none when it is absent. */
    public static List<String> items(String field, String value) {
        if (value == null) {
            return List.of();
        }
        List<String> items = Arrays.stream(value.split(",", -1)).map(String::trim).distinct().toList();
        if (items.contains("")) {
            throw ApiException.validation(field, "invalid_value", field + " must be a comma list without empty items");
        }
        return items;
    }

    /** The items of {@code value}, each one of {@code known} ({@code 400 unknown_value} naming them otherwise). */
    public static List<String> items(String field, String value, Collection<String> known) {
        List<String> items = items(field, value);
        if (!known.containsAll(items)) {
            throw ApiException.validation(field, "unknown_value",
                    field + " must be a comma list of " + String.join(", ", known));
        }
        return items;
    }
}
