package com.lealup.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL can store of a Java string: neither U+0000 (no text column, nor jsonb, holds it) nor an unpaired
 * UTF-16 surrogate (not a character; UTF-8 cannot encode it). A read model that cannot insert a value retries its
 * event forever, so the edge refuses such values (docs/conventions.md, "Input rules").
 */
public final class StorableText {

    /** The most characters of a name the client chose that an error message quotes. */
    static final int QUOTED_LENGTH = 100;
    /**
     * What a quote writes out: C0, DEL and C1 ({@link Character#isISOControl}), the line and paragraph separators, and
     * the bidirectional formatting characters, which reorder the text around them where it is shown.
     */
    private static final Pattern CONTROL = Pattern.compile(
            "[\\x00-\\x1F\\x7F-\\x9F\\u061C\\u200E\\u200F\\u2028-\\u202E\\u2066-\\u2069]");

    private StorableText() {
    }

    /** The index of the first character that cannot be stored, or -1. */
    public static int unstorableAt(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    /** Why {@code text} cannot be stored ("contains U+0000"), or null if it can. */
    public static String problem(CharSequence text) {
        int at = unstorableAt(text);
        if (at < 0) {
            return null;
        }
        char c = text.charAt(at);
        return c == 0 ? "must not contain U+0000 (NUL)"
                : String.format("must not contain an unpaired surrogate (\\u%04X)", (int) c);
    }

    /**
     * A name the client chose (a member, a query parameter, a column, or a JSON path of them) as an error message
     * quotes it: {@link #printable}, its control characters written as {@code \}{@code uXXXX} too (a line break, a
     * terminal escape or a right-to-left override in a message would forge what is shown), and cut after {@value #QUOTED_LENGTH}
     * characters with an ellipsis, so that a message stays short whatever the request holds (a member name may be as
     * long as the body). The {@code field} of an error keeps the name whole.
     */
    public static String abbreviated(String name) {
        String text = withoutControls(printable(name));
        // characters as the API counts them, code points: an emoji is one
        if (text.codePointCount(0, text.length()) <= QUOTED_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, QUOTED_LENGTH)) + "…";
    }

    private static String withoutControls(String text) {
        return CONTROL.matcher(text).replaceAll(control -> Matcher.quoteReplacement(
                String.format("\\u%04X", (int) control.group().charAt(0))));
    }

    /** {@code text} with its unstorable characters written as {@code \}{@code uXXXX}, to name it in an error. */
    public static String printable(String text) {
        if (unstorableAt(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
