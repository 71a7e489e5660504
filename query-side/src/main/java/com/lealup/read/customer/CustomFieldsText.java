package com.lealup.read.customer;

import java.math.BigDecimal;

/**
 * A customer's custom fields as the API writes them, from the text PostgreSQL gives for the stored {@code jsonb}:
 * the very text the application's Jackson writes after reading that text into a {@code Map} (exact decimals, written
 * plain), without the map. The text is JSON PostgreSQL itself wrote (custom fields are validated scalars on every
 * write, and a jsonb holds nothing else), so only its spelling differs: spaces after {@code :} and {@code ,}, escapes
 * (PostgreSQL's hexadecimal ones in lower case). Numbers are copied as they are: a jsonb number is a {@code numeric},
 * written in plain notation with the digits stored. {@code CustomFieldsTextTest} holds the two alike.
 */
final class CustomFieldsText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CustomFieldsText() {
    }

    static String of(String jsonb) {
        int length = jsonb.length();
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = jsonb.charAt(i);
            if (c == '"') {
                i = string(jsonb, i, out);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                i = number(jsonb, i, out);
            } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Copies the string starting at {@code start} escaped as Jackson escapes; returns the index of its closing quote. */
    private static int string(String text, int start, StringBuilder out) {
        out.append('"');
        int i = start + 1;
        while (true) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append(c);
                return i;
            }
            if (c == '\\') {
                char escape = text.charAt(i + 1);
                i += 2;
                c = switch (escape) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> {
                        char unicode = (char) Integer.parseInt(text, i, i + 4, 16);
                        i += 4;
                        yield unicode;
                    }
                    default -> escape; // " \ /
                };
                escaped(c, out);
            } else {
                out.append(c);
                i++;
            }
        }
    }

    /** A character that was escaped, as Jackson writes it: escaped only when a JSON string must escape it. */
    private static void escaped(char c, StringBuilder out) {
        switch (c) {
            case '"', '\\' -> out.append('\\').append(c);
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20) {
                    out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                } else {
                    out.append(c);
                }
            }
        }
    }

    /** Copies the number starting at {@code start} as Jackson writes it; returns the index of its last character. */
    private static int number(String text, int start, StringBuilder out) {
        int end = start;
        boolean exponent = false;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == 'e' || c == 'E') {
                exponent = true;
            } else if (c != '-' && c != '+' && c != '.' && (c < '0' || c > '9')) {
                break;
            }
            end++;
        }
        String number = text.substring(start, end);
        // PostgreSQL writes no exponent; plain, as Jackson writes a BigDecimal, should a stored text have one
        out.append(exponent ? new BigDecimal(number).toPlainString() : number);
        return end - 1;
    }
}
