package com.lealup.api.playbook.expression;

/** The type of a field as the type checker sees it. */
public enum ValueType {
    /** Integers and decimals; every comparison operator applies. */
    NUMBER,
    /** Text: only {@code == != IN NOT IN}; there is no ordering of text. */
    TEXT,
    /** A calendar date, written as a {@code 'YYYY-MM-DD'} literal; every comparison operator applies. */
    DATE,
    /** A custom field: text, number or boolean, known only when the expression is evaluated. */
    ANY
}
