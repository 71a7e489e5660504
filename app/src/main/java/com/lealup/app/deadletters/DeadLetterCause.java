package com.lealup.app.deadletters;

import com.lealup.app.logging.ValueFreeText;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * What a dead letter keeps of its failure: no value the handler read, as a parked letter outlives the erasure of the
 * customer it quoted (docs/gdpr-erasure.md). The cause is the exception's class and, for each exception of its chain,
 * its {@link ValueFreeText}: {@code DataIntegrityViolationException: ... null value in column "…" of relation "…"
 * violates not-null constraint | PSQLException (SQLState 23502): ...}.
 */
final class DeadLetterCause {

    /** The width of {@code dead_letter_entry.cause_message}. */
    static final int MAX_LENGTH = 1023;
    private static final int MAX_CHAIN = 5;

    private DeadLetterCause() {
    }

    static ThrowableCause of(Throwable failure) {
        StringBuilder message = new StringBuilder();
        int links = 0;
        for (Throwable t = failure; t != null && links < MAX_CHAIN; t = t.getCause() == t ? null : t.getCause()) {
            if (links++ > 0) {
                message.append(" | ");
            }
            message.append(ValueFreeText.of(t));
        }
        String text = message.length() <= MAX_LENGTH ? message.toString()
                : message.substring(0, MAX_LENGTH - 1) + ValueFreeText.REDACTED;
        return new ThrowableCause(failure.getClass().getName(), text);
    }
}
