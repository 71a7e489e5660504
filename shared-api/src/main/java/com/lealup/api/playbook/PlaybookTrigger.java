package com.lealup.api.playbook;

import com.lealup.api.playbook.expression.ExpressionParser;
import com.lealup.api.playbook.expression.InvalidExpressionException;
import java.util.Objects;

/**
 * What makes a playbook run: {@code condition} (an {@code expression} becoming true for a customer),
 * {@code event} (an {@code eventType} of {@link PlaybookRules#EVENT_TYPES} happening to a customer) or
 * {@code renewal} (a customer's renewal coming within {@code daysBefore} days). Fields of other types are null.
 */
public record PlaybookTrigger(String type, String expression, String eventType, Integer daysBefore) {

    public static final String CONDITION = "condition";
    public static final String EVENT = "event";
    public static final String RENEWAL = "renewal";

    /**
     * Whether this trigger watches what {@code other} watches: the same type and parameters, and for a condition an
     * expression of the same tree however it is written ({@code arr > 10} and {@code arr  >  10}, {@code and} and
     * {@code AND}, redundant parentheses). Changing a trigger into one that watches the same is no new trigger.
     */
    public boolean watchesAs(PlaybookTrigger other) {
        if (equals(other)) {
            return true;
        }
        if (!type.equals(other.type) || !Objects.equals(eventType, other.eventType)
                || !Objects.equals(daysBefore, other.daysBefore) || !CONDITION.equals(type)) {
            return false;
        }
        try {
            return ExpressionParser.parse(expression).equals(ExpressionParser.parse(other.expression));
        } catch (InvalidExpressionException e) {
            return false;
        }
    }

    /**
     * The condition a condition or renewal trigger watches, as an expression text: a renewal trigger is
     * "the renewal is between today and {@code daysBefore} days away". Null for event triggers.
     */
    public String watchedCondition() {
        return switch (type) {
            case CONDITION -> expression;
            case RENEWAL -> "days_to_renewal >= 0 AND days_to_renewal <= " + daysBefore;
            default -> null;
        };
    }
}
