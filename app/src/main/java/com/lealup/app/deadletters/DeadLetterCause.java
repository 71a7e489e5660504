package com.lealup.app.deadletters;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * What a dead letter keeps of its failure: no value the handler read. An exception's message can quote one (a parse
 * error, PostgreSQL's {@code invalid input syntax for type integer: "..."}, a refusal naming a value), and a parked
 * letter outlives the erasure of the customer it quoted (docs/gdpr-erasure.md). So the cause is the exception's class
 * and, for each exception of its chain, its class, the SQLState of a database error, and its message without any
 * quoted text and without any word holding something other than ASCII letters, {@code _} and {@code -} (emails,
 * domains, numbers, ids, accented names): {@code DataIntegrityViolationException: ... null value in column "…" of
 * relation "…" violates not-null constraint | PSQLException (SQLState 23502): ...}.
 */
final class DeadLetterCause {

    /** The width of {@code dead_letter_entry.cause_message}. */
    static final int MAX_LENGTH = 1023;
    static final String REDACTED = "…";
    private static final int MAX_CHAIN = 5;
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|`[^`]*`|“[^”]*”|«[^»]*»");
    /** A word between the brackets, quotes and stops around it. */
    private static final Pattern WORD = Pattern.compile("([()\\[\\]{}<>\"'`“”«»,;:.!?]*)(\\S*?)([()\\[\\]{}<>\"'`“”«»,;:.!?]*)(?=\\s|$)");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_-]*");
    private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");

    private DeadLetterCause() {
    }

    static ThrowableCause of(Throwable failure) {
        StringBuilder message = new StringBuilder();
        int links = 0;
        for (Throwable t = failure; t != null && links < MAX_CHAIN; t = t.getCause() == t ? null : t.getCause()) {
            if (links++ > 0) {
                message.append(" | ");
            }
            message.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                message.append(" (SQLState ").append(SQL_STATE.matcher(state).matches() ? state : REDACTED).append(')');
            }
            if (t.getMessage() != null) {
                message.append(": ").append(scrubbed(t.getMessage()));
            }
        }
        String text = message.length() <= MAX_LENGTH ? message.toString() : message.substring(0, MAX_LENGTH - 1) + REDACTED;
        return new ThrowableCause(failure.getClass().getName(), text);
    }

    /** The message without quoted text and without any word that is not plain ASCII letters. */
    static String scrubbed(String message) {
        String unquoted = QUOTED.matcher(message).replaceAll("\"" + REDACTED + "\"");
        Matcher words = WORD.matcher(unquoted.replaceAll("\\s+", " ").strip());
        StringBuilder out = new StringBuilder();
        while (words.find()) {
            String core = words.group(2);
            words.appendReplacement(out, Matcher.quoteReplacement(words.group(1)
                    + (PLAIN.matcher(core).matches() ? core : REDACTED) + words.group(3)));
        }
        words.appendTail(out);
        return out.toString();
    }
}
