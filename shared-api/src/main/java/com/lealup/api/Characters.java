package com.lealup.api;

/**
 * A text's length as the API's limits count it: in Unicode characters, as the OpenAPI document's {@code maxLength}
 * (JSON Schema) and PostgreSQL's {@code varchar(n)} do. {@link String#length()} counts UTF-16 units, two for 😀.
 */
public final class Characters {

    /**
     * Characters that show as nothing, or reorder what follows (a regular expression's class, without its brackets):
     * controls, and Unicode's default ignorable characters of the first plane (the soft hyphen, the combining grapheme
     * joiner, Hangul fillers, zero-width and joiner characters, bidirectional marks and embeddings, variation
     * selectors, U+FEFF). Two texts that differ by them read alike. Those beyond the first plane (tags, variation
     * selectors supplement) are {@link #INVISIBLE_BEYOND_THE_FIRST_PLANE}: an ECMA-262 class without the {@code u} flag,
     * as the OpenAPI document's patterns are, cannot hold them.
     */
    public static final String INVISIBLE = "\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160"
            + "\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F"
            + "\\uFEFF\\uFFA0";
    /** Unicode's default ignorable characters beyond the first plane, as a Java class's body. */
    public static final String INVISIBLE_BEYOND_THE_FIRST_PLANE = "\\x{1BCA0}-\\x{1BCA3}\\x{1D173}-\\x{1D17A}"
            + "\\x{E0000}-\\x{E0FFF}";

    private Characters() {
    }

    public static int count(String text) {
        return text.codePointCount(0, text.length());
    }
}
