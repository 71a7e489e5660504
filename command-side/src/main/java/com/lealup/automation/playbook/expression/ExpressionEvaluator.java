package com.lealup.automation.playbook.expression;

import com.lealup.api.playbook.expression.Expression;
import com.lealup.api.playbook.expression.Expression.And;
import com.lealup.api.playbook.expression.Expression.Comparison;
import com.lealup.api.playbook.expression.Expression.Membership;
import com.lealup.api.playbook.expression.Expression.Not;
import com.lealup.api.playbook.expression.Expression.Or;
import com.lealup.api.playbook.expression.Field;
import com.lealup.api.playbook.expression.Literal;
import com.lealup.api.playbook.expression.Literal.BooleanLiteral;
import com.lealup.api.playbook.expression.Literal.DateLiteral;
import com.lealup.api.playbook.expression.Literal.NullLiteral;
import com.lealup.api.playbook.expression.Literal.NumberLiteral;
import com.lealup.api.playbook.expression.Literal.TextLiteral;
import com.lealup.api.playbook.expression.Operator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluates a parsed condition against a customer's facts: a walk over the tree and nothing else, so it cannot run
 * code or touch I/O, and its work is bounded by the parser's limits on length and nesting.
 *
 * <p>Two-valued logic: a comparison is true only when the field has a value of the literal's type that satisfies
 * it; with no value, or a value of another type (a custom field), every comparison is false, {@code !=} and
 * {@code NOT IN} included. {@code NOT} negates that plainly, so {@code NOT health_score < 60} holds for a customer
 * without a score. {@code == null} and {@code != null} test whether a field has a value.
 */
public final class ExpressionEvaluator {

    private ExpressionEvaluator() {
    }

    public static Evaluation evaluate(Expression expression, CustomerFacts facts) {
        return new Evaluation(matches(expression, facts), snapshot(expression, facts));
    }

    public static boolean matches(Expression expression, CustomerFacts facts) {
        if (expression instanceof And and) {
            return matches(and.left(), facts) && matches(and.right(), facts);
        } else if (expression instanceof Or or) {
            return matches(or.left(), facts) || matches(or.right(), facts);
        } else if (expression instanceof Not not) {
            return !matches(not.operand(), facts);
        } else if (expression instanceof Comparison comparison) {
            return compare(facts.value(comparison.field()), comparison.operator(), comparison.value());
        }
        Membership membership = (Membership) expression;
        Object actual = facts.value(membership.field());
        if (membership.negated()) {
            return membership.values().stream().allMatch(value -> compare(actual, Operator.NOT_EQUAL, value));
        }
        return membership.values().stream().anyMatch(value -> compare(actual, Operator.EQUAL, value));
    }

    private static boolean compare(Object actual, Operator operator, Literal literal) {
        if (literal instanceof NullLiteral) {
            return (operator == Operator.EQUAL) == (actual == null);
        }
        Integer order = order(actual, literal);
        if (order != null) {
            return switch (operator) {
                case EQUAL -> order == 0;
                case NOT_EQUAL -> order != 0;
                case LESS -> order < 0;
                case LESS_OR_EQUAL -> order <= 0;
                case GREATER -> order > 0;
                case GREATER_OR_EQUAL -> order >= 0;
            };
        }
        Boolean equal = equal(actual, literal);
        if (equal == null || operator.isOrdering()) {
            return false;
        }
        return operator == Operator.EQUAL ? equal : !equal;
    }

    /** Numbers and dates, the ordered types; {@code null} when the value is missing or of another type. */
    private static Integer order(Object actual, Literal literal) {
        if (literal instanceof NumberLiteral number && actual instanceof BigDecimal decimal) {
            return decimal.compareTo(number.value()); // 10 equals 10.0
        }
        if (literal instanceof DateLiteral date && actual instanceof LocalDate day) {
            return day.compareTo(date.value());
        }
        return null;
    }

    /** Text (exact, case-sensitive) and booleans; {@code null} when the value is missing or of another type. */
    private static Boolean equal(Object actual, Literal literal) {
        if (literal instanceof TextLiteral text && actual instanceof String string) {
            return string.equals(text.value());
        }
        if (literal instanceof BooleanLiteral bool && actual instanceof Boolean flag) {
            return flag == bool.value();
        }
        return null;
    }

    private static Map<String, Object> snapshot(Expression expression, CustomerFacts facts) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        for (Field field : expression.fields()) {
            Object value = facts.value(field);
            snapshot.put(field.path(), value instanceof LocalDate date ? date.toString() : value);
        }
        return Collections.unmodifiableMap(snapshot);
    }
}
