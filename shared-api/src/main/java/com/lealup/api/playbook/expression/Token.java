package com.lealup.api.playbook.expression;

/**
 * One token of an expression. {@code text} is the token as written, except for {@link Kind#TEXT}, where it is the
 * value with its quotes removed and {@code ''} unescaped. {@code position} is the 1-based character (code point)
 * where the token starts.
 */
record Token(Kind kind, String text, int position) {

    enum Kind { FIELD, TEXT, NUMBER, OPERATOR, AND, OR, NOT, IN, TRUE, FALSE, NULL, LEFT_PAREN, RIGHT_PAREN, COMMA, END }

    /** How an error message names what it found. */
    String describe() {
        return switch (kind) {
            case END -> "end of input";
            case TEXT -> "text " + ExpressionPrinter.quote(abbreviated(text));
            case NUMBER -> "number " + abbreviated(text);
            default -> "'" + abbreviated(text) + "'";
        };
    }

    private static String abbreviated(String text) {
        return text.codePointCount(0, text.length()) <= 30 ? text
                : text.substring(0, text.offsetByCodePoints(0, 27)) + "...";
    }
}
