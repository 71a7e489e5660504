package com.lealup.api.playbook.expression;

/** Stops parsing at the first syntax error; type errors before it are kept by the parser. */
final class SyntaxError extends RuntimeException {

    private final ExpressionError error;

    SyntaxError(int position, String reason) {
        super(reason, null, false, false);
        this.error = new ExpressionError(position, reason);
    }

    ExpressionError error() {
        return error;
    }
}
