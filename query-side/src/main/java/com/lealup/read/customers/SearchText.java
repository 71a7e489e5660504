package com.lealup.read.customers;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Case- and accent-insensitive text: {@code Compañía} and {@code compania} have the same key. */
final class SearchText {

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

    private SearchText() {
    }

    static String key(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        return COMBINING_MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** A LIKE pattern matching {@code q} anywhere, its wildcards escaped. */
    static String containsPattern(String q) {
        String escaped = key(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
