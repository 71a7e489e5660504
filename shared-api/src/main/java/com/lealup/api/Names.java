package com.lealup.api;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a workspace, an API key, a territory or a segment: not blank, at most {@value #MAX_LENGTH} characters,
 * no control character but the white space around it. The write side enforces it; the OpenAPI document states it
 * ({@link #PATTERN}).
 */
public final class Names {

    public static final int MAX_LENGTH = 200;
    /** What a field that holds a control character ({@link #holdsControls}) is told, after its name. */
    public static final String ONE_LINE = "must be one line without control characters (tabs, escapes)";
    /** What breaks a name, as a class's body: the controls, and Unicode's line and paragraph separators. */
    private static final String BREAKS = "\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029";
    /**
     * As the OpenAPI document (ECMA-262) states a name: no control character (C0, DEL, C1) nor line or paragraph
     * separator but the white space around it, and one character at least that is neither.
     */
    public static final String PATTERN = "^\\s*[^" + BREAKS + "]*[^\\s" + BREAKS + "][^" + BREAKS + "]*\\s*$";
    private static final String DOTLESS_I = "\u0131";
    /** What a caseless key leaves out: two names that differ only by it read alike. */
    private static final Pattern INVISIBLE = Pattern.compile("[" + Characters.INVISIBLE
            + Characters.INVISIBLE_BEYOND_THE_FIRST_PLANE + "]");

    private Names() {
    }

    /**
     * Whether {@code text} holds nothing but white space, as the OpenAPI document's {@code \S} pattern (ECMA-262's
     * {@code \s}: every space separator, line terminators, U+FEFF) means it, and the controls {@link String#trim}
     * removes: a name of no-break or ideographic spaces is as blank as one of spaces.
     */
    public static boolean isBlank(CharSequence text) {
        return text.codePoints().allMatch(c -> c <= ' ' || isSpace(c));
    }

    /**
     * The key two names compare by when they are unique ignoring case (segments, territories), {@link Characters#INVISIBLE}
     * characters left out (a zero-width space does not make a second {@code North}): the classes of Unicode's
     * full case folding. It joins the case variants that are not one letter for one: {@code Straße}, {@code STRASSE}
     * and {@code STRAẞE}, a final {@code ς} and {@code σ}, {@code ﬀ} and {@code FF}; PostgreSQL's {@code lower()} goes
     * letter by letter and joins none of them. Made by Java's casing in the root locale, composed (NFC): lower, upper,
     * then lower case again (the capital {@code ẞ} lowers to {@code ß}, which only then becomes {@code ss}), except for
     * the dotless {@code ı}, which folding keeps apart from {@code i} while Java's upper case of it is {@code I}.
     * Compared with ICU4J's folding over every assigned code point, the classes are the same. A key may be longer than
     * its name ({@code ß} is {@code ss}).
     */
    public static String caseless(String name) {
        String visible = INVISIBLE.matcher(name).replaceAll("");
        String[] parts = Normalizer.normalize(visible, Normalizer.Form.NFC).split(DOTLESS_I, -1);
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            key.append(i == 0 ? "" : DOTLESS_I)
                    .append(parts[i].toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
        }
        return Normalizer.normalize(key, Normalizer.Form.NFC);
    }

    /**
     * Whether {@code name} holds a control character (C0, DEL, C1) or a line or paragraph separator other than the
     * white space around it that {@link #trimmed} takes off: a line break inside a name, or an escape anywhere in it
     * (ESC of a terminal's colours), is no part of a name.
     */
    public static boolean holdsControls(String name) {
        return trimmed(name).chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || c == '\u2028' || c == '\u2029');
    }

    /**
     * The name as it is kept: without the white space around it, as ECMA-262's {@code \s} (the OpenAPI document's)
     * calls it: the ASCII space, tab and line breaks, every space separator (no-break, ideographic), the line and
     * paragraph separators, U+FEFF (null stays null, for the write side's "required"). Not {@link String#trim()},
     * which takes every control off the ends: an escape in front of a name is refused with the rest
     * ({@link #holdsControls}), not taken off alone.
     */
    public static String trimmed(String name) {
        if (name == null) {
            return null;
        }
        int start = 0;
        int end = name.length();
        while (start < end && isSpace(name.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(start, end);
    }

    /** ECMA-262's white space and line terminators ({@code \s}); every one is in the first plane. */
    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || Character.getType(c) == Character.SPACE_SEPARATOR
                || c == '\u2028' || c == '\u2029' || c == '\uFEFF';
    }
}
