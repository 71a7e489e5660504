package com.lealup.api.playbook.expression;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link ExpressionParser#parse} for text that is not a valid expression; never empty. */
public class InvalidExpressionException extends IllegalArgumentException {

    private final List<ExpressionError> errors;

    InvalidExpressionException(List<ExpressionError> errors) {
        super(errors.stream().map(ExpressionError::message).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    /** The type errors found before parsing stopped, then the syntax error that stopped it, if any; in text order. */
    public List<ExpressionError> errors() {
        return errors;
    }
}
