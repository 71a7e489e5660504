package com.lealup.api;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The name of a workspace, an API key or a territory: not blank, at most {@value #MAX_LENGTH} characters. The write
 * side enforces it; the OpenAPI document states it.
 */
public final class Names {

    public static final int MAX_LENGTH = 200;
    private static final String DOTLESS_I = "\u0131";

    private Names() {
    }

    /**
     * Whether {@code text} holds nothing but white space, as the OpenAPI document's {@code \S} pattern (ECMA-262's
     * {@code \s}: every space separator, line terminators, U+FEFF) means it, and the controls {@link String#trim}
     * removes: a name of no-break or ideographic spaces is as blank as one of spaces.
     */
    public static boolean isBlank(CharSequence text) {
        return text.codePoints().allMatch(c -> c <= ' ' || Character.getType(c) == Character.SPACE_SEPARATOR
                || c == '\u2028' || c == '\u2029' || c == '\uFEFF');
    }

    /**
     * The key two names compare by when they are unique ignoring case (segments, territories): the classes of Unicode's
     * full case folding. It joins the case variants that are not one letter for one: {@code Straße}, {@code STRASSE}
     * and {@code STRAẞE}, a final {@code ς} and {@code σ}, {@code ﬀ} and {@code FF}; PostgreSQL's {@code lower()} goes
     * letter by letter and joins none of them. Made by Java's casing in the root locale, composed (NFC): lower, upper,
     * then lower case again (the capital {@code ẞ} lowers to {@code ß}, which only then becomes {@code ss}), except for
     * the dotless {@code ı}, which folding keeps apart from {@code i} while Java's upper case of it is {@code I}.
     * Compared with ICU4J's folding over every assigned code point, the classes are the same. A key may be longer than
     * its name ({@code ß} is {@code ss}).
     */
    public static String caseless(String name) {
        String[] parts = Normalizer.normalize(name, Normalizer.Form.NFC).split(DOTLESS_I, -1);
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            key.append(i == 0 ? "" : DOTLESS_I)
                    .append(parts[i].toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
        }
        return Normalizer.normalize(key, Normalizer.Form.NFC);
    }

    /** The name as it is kept: without the blanks around it (null stays null, for the write side's "required"). */
    public static String trimmed(String name) {
        return name == null ? null : name.trim();
    }
}
