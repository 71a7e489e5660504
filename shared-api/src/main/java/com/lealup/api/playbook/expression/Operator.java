package com.lealup.api.playbook.expression;

/** The comparison operators between a field and one literal. */
public enum Operator {
    EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True for {@code < <= > >=}, which need values with an order (numbers and dates). */
    public boolean isOrdering() {
        return this != EQUAL && this != NOT_EQUAL;
    }
}
