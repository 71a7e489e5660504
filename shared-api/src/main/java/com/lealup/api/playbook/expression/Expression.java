package com.lealup.api.playbook.expression;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed and type-checked playbook condition: an immutable tree that compares to another by value, so
 * {@code ExpressionParser.parse(e.toText())} equals {@code e}. Made by {@link ExpressionParser#parse}; the
 * constructors check only what the grammar guarantees structurally, not types.
 */
public sealed interface Expression {

    /** Both sides hold. {@code a AND b AND c} is {@code And(And(a, b), c)}. */
    record And(Expression left, Expression right) implements Expression {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** Either side holds. {@code a OR b OR c} is {@code Or(Or(a, b), c)}. */
    record Or(Expression left, Expression right) implements Expression {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    record Not(Expression operand) implements Expression {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code field op value}. */
    record Comparison(Field field, Operator operator, Literal value) implements Expression {
        public Comparison {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code field IN (values)} or, negated, {@code field NOT IN (values)}; the list is never empty. */
    record Membership(Field field, boolean negated, List<Literal> values) implements Expression {
        public Membership {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("an IN list has at least one value");
            }
        }
    }

    /** The canonical text: upper-case keywords, minimal parentheses, {@code ''} inside quoted text. */
    default String toText() {
        return ExpressionPrinter.print(this);
    }

    /** The fields the expression reads, each once, in the order they are written. */
    default Set<Field> fields() {
        Set<Field> fields = new LinkedHashSet<>();
        collectFields(this, fields);
        return fields;
    }

    private static void collectFields(Expression expression, Set<Field> into) {
        if (expression instanceof And and) {
            collectFields(and.left(), into);
            collectFields(and.right(), into);
        } else if (expression instanceof Or or) {
            collectFields(or.left(), into);
            collectFields(or.right(), into);
        } else if (expression instanceof Not not) {
            collectFields(not.operand(), into);
        } else if (expression instanceof Comparison comparison) {
            into.add(comparison.field());
        } else {
            into.add(((Membership) expression).field());
        }
    }
}
