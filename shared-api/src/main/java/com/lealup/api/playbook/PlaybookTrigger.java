package com.lealup.api.playbook;

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
