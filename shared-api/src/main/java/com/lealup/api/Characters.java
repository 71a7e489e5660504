package com.lealup.api;

/**
 * A text's length as the API's limits count it: in Unicode characters, as the OpenAPI document's {@code maxLength}
 * (JSON Schema) and PostgreSQL's {@code varchar(n)} do. {@link String#length()} counts UTF-16 units, two for 😀.
 */
public final class Characters {

    private Characters() {
    }

    public static int count(String text) {
        return text.codePointCount(0, text.length());
    }
}
