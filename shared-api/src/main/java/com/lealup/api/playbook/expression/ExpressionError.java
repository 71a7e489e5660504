package com.lealup.api.playbook.expression;

/**
 * A syntax or type error in an expression: {@code position} is the 1-based character (code point) where it was
 * found, one past the last character for "end of input"; {@code reason} says what was expected and found.
 */
public record ExpressionError(int position, String reason) {

    /** The field error code the API reports for every expression error. */
    public static final String CODE = "invalid_expression";

    /** {@code at 17: expected a value after '<', found end of input}: the message of an API field error. */
    public String message() {
        return "at " + position + ": " + reason;
    }
}
