package com.lealup.api;

/**
 * A text's length as the API's limits count it: in Unicode characters, as the OpenAPI document's {@code maxLength}
 * (JSON Schema) and PostgreSQL's {@code varchar(n)} do. {@link String#length()} counts UTF-16 units, two for 😀.
 */
public final class Characters {

    /**
     * Characters that show as nothing, or reorder what follows (a regular expression's class, without its brackets):
     * controls, the soft hyphen, zero-width and joiner characters, bidirectional marks and embeddings. Two texts that
     * differ by them read alike.
     */
    public static final String INVISIBLE = "\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u061C\\u180E\\u200B-\\u200F"
            + "\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069";

    private Characters() {
    }

    public static int count(String text) {
        return text.codePointCount(0, text.length());
    }
}
