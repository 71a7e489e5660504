package com.lealup.api.playbook.expression;

import com.lealup.api.playbook.expression.Expression.And;
import com.lealup.api.playbook.expression.Expression.Comparison;
import com.lealup.api.playbook.expression.Expression.Membership;
import com.lealup.api.playbook.expression.Expression.Not;
import com.lealup.api.playbook.expression.Expression.Or;
import com.lealup.api.playbook.expression.Literal.BooleanLiteral;
import com.lealup.api.playbook.expression.Literal.DateLiteral;
import com.lealup.api.playbook.expression.Literal.NumberLiteral;
import com.lealup.api.playbook.expression.Literal.TextLiteral;
import java.util.stream.Collectors;

/** Writes an expression back as text that parses to the same tree, with only the parentheses it needs. */
final class ExpressionPrinter {

    // binding strength: a child weaker than its place requires is put in parentheses
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int COMPARISON = 4;

    private ExpressionPrinter() {
    }

    static String print(Expression expression) {
        return print(expression, OR);
    }

    private static String print(Expression expression, int required) {
        int strength;
        String text;
        if (expression instanceof Or or) {
            strength = OR;
            // the right operand of a left-associative chain needs parentheses when it is the same operator
            text = print(or.left(), OR) + " OR " + print(or.right(), AND);
        } else if (expression instanceof And and) {
            strength = AND;
            text = print(and.left(), AND) + " AND " + print(and.right(), NOT);
        } else if (expression instanceof Not not) {
            strength = NOT;
            text = "NOT " + print(not.operand(), NOT);
        } else if (expression instanceof Comparison comparison) {
            strength = COMPARISON;
            text = comparison.field().path() + " " + comparison.operator().symbol() + " " + literal(comparison.value());
        } else {
            Membership membership = (Membership) expression;
            strength = COMPARISON;
            text = membership.field().path() + (membership.negated() ? " NOT IN (" : " IN (")
                    + membership.values().stream().map(ExpressionPrinter::literal).collect(Collectors.joining(", ")) + ")";
        }
        return strength < required ? "(" + text + ")" : text;
    }

    static String literal(Literal literal) {
        if (literal instanceof TextLiteral text) {
            return quote(text.value());
        } else if (literal instanceof NumberLiteral number) {
            return number.value().toPlainString();
        } else if (literal instanceof BooleanLiteral bool) {
            return Boolean.toString(bool.value());
        } else if (literal instanceof DateLiteral date) {
            return quote(date.value().toString());
        }
        return "null";
    }

    static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
