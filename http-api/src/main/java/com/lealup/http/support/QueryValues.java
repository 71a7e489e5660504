package com.lealup.http.support;

/**
 * A query parameter holding one value (an id to filter by, a status, a sort). Empty or blank ({@code ?owner_id=}) is
 * a mistake, not a filter that matches nothing: {@code 400 invalid_value}, as an empty item of a comma list is
 * ({@link QueryLists}). Otherwise the value is taken as sent, as the OpenAPI document's enums and ids are: whether it
 * is one the endpoint knows is the endpoint's to judge.
 */
public final class QueryValues {

    private QueryValues() {
    }

    /** The value of the query parameter {@code field}; null when it is absent. */
    public static String one(String field, String value) {
        if (value != null && value.isBlank()) {
            throw ApiException.validation(field, "invalid_value", field + " must not be empty");
        }
        return value;
    }
}
