package com.lealup.api.playbook.expression;

import com.lealup.api.playbook.expression.Token.Kind;
import java.util.Locale;
import java.util.Map;

/**
 * Splits an expression into tokens, one at a time as the parser asks, so that errors come in the order of the
 * text. Positions count code points, so a client sees the same column whatever characters precede it.
 */
final class Tokenizer {

    private static final Map<String, Kind> KEYWORDS = Map.of("AND", Kind.AND, "OR", Kind.OR, "NOT", Kind.NOT,
            "IN", Kind.IN, "TRUE", Kind.TRUE, "FALSE", Kind.FALSE, "NULL", Kind.NULL);

    private final int[] chars;
    private int index;

    Tokenizer(String text) {
        this.chars = text.codePoints().toArray();
    }

    /** The next token; {@link Kind#END} at the end, for ever. */
    Token next() {
        while (index < chars.length && isWhitespace(chars[index])) {
            index++;
        }
        int start = index;
        if (index >= chars.length) {
            return new Token(Kind.END, "", start + 1);
        }
        int c = chars[index];
        if (isWordStart(c)) {
            return word(start);
        }
        if (isDigit(c) || c == '-') {
            return number(start);
        }
        if (c == '\'') {
            return text(start);
        }
        index++;
        return switch (c) {
            case '(' -> new Token(Kind.LEFT_PAREN, "(", start + 1);
            case ')' -> new Token(Kind.RIGHT_PAREN, ")", start + 1);
            case ',' -> new Token(Kind.COMMA, ",", start + 1);
            case '<', '>' -> operator(start, Character.toString(c), peek() == '=');
            case '=' -> {
                if (peek() != '=') {
                    throw new SyntaxError(start + 1, "'=' is not an operator: write '==' to compare");
                }
                yield operator(start, "=", true);
            }
            case '!' -> {
                if (peek() != '=') {
                    throw new SyntaxError(start + 1, "'!' is not an operator: write '!=' or NOT");
                }
                yield operator(start, "!", true);
            }
            default -> throw new SyntaxError(start + 1, "unexpected character " + quoteCharacter(c));
        };
    }

    private Token operator(int start, String first, boolean followedByEquals) {
        if (followedByEquals) {
            index++;
            return new Token(Kind.OPERATOR, first + "=", start + 1);
        }
        return new Token(Kind.OPERATOR, first, start + 1);
    }

    /** A keyword, a field, or a dotted path such as {@code custom_fields.tier}. */
    private Token word(int start) {
        while (index < chars.length && isWordPart(chars[index])) {
            index++;
        }
        boolean dotted = false;
        while (peek() == '.') {
            dotted = true;
            index++;
            if (!isWordStart(peek())) {
                throw new SyntaxError(index + 1, "expected a name after '.', found " + describeAt(index));
            }
            while (index < chars.length && isWordPart(chars[index])) {
                index++;
            }
        }
        String word = new String(chars, start, index - start);
        Kind keyword = dotted ? null : KEYWORDS.get(word.toUpperCase(Locale.ROOT));
        return new Token(keyword == null ? Kind.FIELD : keyword, word, start + 1);
    }

    /** {@code -?digits(.digits)?}: no exponent, no leading or trailing point, a minus only directly before digits. */
    private Token number(int start) {
        if (chars[index] == '-') {
            index++;
            if (!isDigit(peek())) {
                throw new SyntaxError(index + 1, "expected a digit after '-', found " + describeAt(index));
            }
        }
        digits();
        if (peek() == '.') {
            index++;
            if (!isDigit(peek())) {
                throw new SyntaxError(index + 1, "expected a digit after the decimal point, found " + describeAt(index));
            }
            digits();
        }
        if (isWordPart(peek()) || peek() == '.') {
            throw new SyntaxError(index + 1, "unexpected " + describeAt(index) + " in a number");
        }
        return new Token(Kind.NUMBER, new String(chars, start, index - start), start + 1);
    }

    private void digits() {
        while (isDigit(peek())) {
            index++;
        }
    }

    /** {@code '...'}, where {@code ''} stands for one quote; a backslash is an ordinary character. */
    private Token text(int start) {
        StringBuilder value = new StringBuilder();
        index++;
        while (true) {
            if (index >= chars.length) {
                throw new SyntaxError(start + 1, "the text starting here has no closing quote (write '' for a quote inside text)");
            }
            int c = chars[index++];
            if (c == '\'') {
                if (peek() != '\'') {
                    return new Token(Kind.TEXT, value.toString(), start + 1);
                }
                index++;
            }
            value.appendCodePoint(c);
        }
    }

    private int peek() {
        return index < chars.length ? chars[index] : -1;
    }

    private String describeAt(int at) {
        return at < chars.length ? quoteCharacter(chars[at]) : "end of input";
    }

    private static String quoteCharacter(int c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", c) : "'" + Character.toString(c) + "'";
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isWordStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(int c) {
        return isWordStart(c) || isDigit(c);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
