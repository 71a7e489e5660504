package com.lealup.api.playbook.expression;

import com.lealup.api.playbook.expression.Literal.BooleanLiteral;
import com.lealup.api.playbook.expression.Literal.DateLiteral;
import com.lealup.api.playbook.expression.Literal.NullLiteral;
import com.lealup.api.playbook.expression.Literal.NumberLiteral;
import com.lealup.api.playbook.expression.Literal.TextLiteral;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks each literal against the field it is compared with and gives it its type (a date field turns
 * {@code 'YYYY-MM-DD'} into a {@link DateLiteral}). Errors go to the parser's list; parsing goes on after them.
 */
final class TypeChecker {

    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final List<ExpressionError> errors;
    private final LocalDate earliest;
    private final LocalDate latest;

    /** {@code earliest} and {@code latest}: the dates a date literal may name. */
    TypeChecker(List<ExpressionError> errors, LocalDate earliest, LocalDate latest) {
        this.errors = errors;
        this.earliest = earliest;
        this.latest = latest;
    }

    /** {@code field op literal}: the typed literal, or the literal as written after an error. */
    Literal comparison(Field field, Operator operator, Token operatorToken, Literal literal, Token literalToken) {
        if (literal instanceof NullLiteral) {
            if (operator.isOrdering()) {
                error(operatorToken, "'" + operator.symbol() + "' cannot compare with null: only == null and "
                        + "!= null test whether " + field.path() + " has a value");
            }
            return literal;
        }
        if (operator.isOrdering() && !isOrdered(field, literal)) {
            error(operatorToken, "'" + operator.symbol() + "' does not apply to " + describeType(field, literal)
                    + ": use ==, !=, IN or NOT IN");
            return literal;
        }
        return value(field, literal, literalToken);
    }

    /** One value of an IN list; a custom field's list holds values of one type. */
    Literal listValue(Field field, Literal literal, Token literalToken, Literal first) {
        if (literal instanceof NullLiteral) {
            error(literalToken, "null cannot be in an IN list: write " + field.path() + " == null");
            return literal;
        }
        if (field.type() == ValueType.ANY && first != null && first.getClass() != literal.getClass()) {
            error(literalToken, "the values of an IN list have one type: expected " + kind(first) + ", found "
                    + literalToken.describe());
            return literal;
        }
        return value(field, literal, literalToken);
    }

    private Literal value(Field field, Literal literal, Token literalToken) {
        switch (field.type()) {
            case NUMBER -> {
                if (!(literal instanceof NumberLiteral)) {
                    expected(field, "a number", literalToken);
                }
            }
            case TEXT -> {
                if (!(literal instanceof TextLiteral text)) {
                    expected(field, "quoted text", literalToken);
                } else if (field instanceof StandardField standard && !standard.allowedValues().isEmpty()
                        && !standard.allowedValues().contains(text.value())) {
                    error(literalToken, literalToken.describe() + " is not a value of " + field.path()
                            + ": expected one of " + String.join(", ", standard.allowedValues()));
                }
            }
            case DATE -> {
                return date(field, literal, literalToken);
            }
            case ANY -> {
                // every scalar is possible: the custom field's type is known only at evaluation
            }
        }
        return literal;
    }

    private Literal date(Field field, Literal literal, Token literalToken) {
        if (!(literal instanceof TextLiteral text) || !DATE.matcher(text.value()).matches()) {
            expected(field, "a date 'YYYY-MM-DD'", literalToken);
            return literal;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text.value());
        } catch (DateTimeParseException e) {
            error(literalToken, literalToken.describe() + " is not a date of the calendar");
            return literal;
        }
        if (date.isBefore(earliest) || date.isAfter(latest)) {
            error(literalToken, literalToken.describe() + " is out of range: dates are from " + earliest + " to " + latest);
            return literal;
        }
        return new DateLiteral(date);
    }

    private static boolean isOrdered(Field field, Literal literal) {
        return switch (field.type()) {
            case NUMBER, DATE -> true;
            case TEXT -> false;
            case ANY -> literal instanceof NumberLiteral;
        };
    }

    private static String describeType(Field field, Literal literal) {
        return field.type() == ValueType.TEXT ? "text (" + field.path() + ")" : kind(literal) + " (" + field.path() + ")";
    }

    private static String kind(Literal literal) {
        if (literal instanceof TextLiteral) {
            return "text";
        }
        return literal instanceof BooleanLiteral ? "a boolean" : "a number";
    }

    private void expected(Field field, String what, Token found) {
        error(found, field.path() + " is " + typeName(field.type()) + ": expected " + what + ", found " + found.describe());
    }

    private static String typeName(ValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case TEXT -> "text";
            case DATE -> "a date";
            case ANY -> "a custom field";
        };
    }

    private void error(Token at, String reason) {
        errors.add(new ExpressionError(at.position(), reason));
    }
}
