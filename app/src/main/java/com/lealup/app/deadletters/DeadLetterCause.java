package com.lealup.app.deadletters;

import com.lealup.app.logging.ValueFreeText;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * What a dead letter keeps of its failure: no value the handler read, as a parked letter outlives the erasure of the
 * customer it quoted (docs/gdpr-erasure.md). The cause is the exception's class and, for each exception of its chain,
 * its {@link ValueFreeText}: {@code DataIntegrityViolationException: ... null value in column "…" of relation "…"
 * violates not-null constraint | PSQLException (SQLState 23502): ...}, each link cut to its share of the column.
 */
final class DeadLetterCause {

    /** The width of {@code dead_letter_entry.cause_message}. */
    static final int MAX_LENGTH = 1023;
    private static final int MAX_CHAIN = 5;
    private static final String SEPARATOR = " | ";

    private DeadLetterCause() {
    }

    static ThrowableCause of(Throwable failure) {
        List<String> links = new ArrayList<>();
        for (Throwable t = failure; t != null && links.size() < MAX_CHAIN; t = t.getCause() == t ? null : t.getCause()) {
            links.add(ValueFreeText.shown(t));
        }
        // each link its share: a long first message (a framework's, quoting a whole statement) leaves room for the
        // root cause, the database's own error with its SQLState
        int share = (MAX_LENGTH - SEPARATOR.length() * (links.size() - 1)) / links.size();
        return new ThrowableCause(failure.getClass().getName(), links.stream()
                .map(link -> link.length() <= share ? link : link.substring(0, share - 1) + ValueFreeText.REDACTED)
                .collect(Collectors.joining(SEPARATOR)));
    }
}
