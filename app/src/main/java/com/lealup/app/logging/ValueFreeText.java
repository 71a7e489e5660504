package com.lealup.app.logging;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure told without any value it may quote: an exception's message can quote what a handler read (a parse error,
 * PostgreSQL's {@code invalid input syntax for type integer: "..."} or {@code Failing row contains (...)}, a refusal
 * naming a value), which may be personal data. What is kept: the exception's class, the SQLState of a database error,
 * and its message without any quoted text and without any word holding something other than ASCII letters, {@code _}
 * and {@code -} (emails, domains, numbers, ids, accented names are {@value #REDACTED}). A plain word that happens to
 * be a name ({@code Alice}) stays: the rule goes by the shape of words, as a message has no schema.
 */
public final class ValueFreeText {

    public static final String REDACTED = "…";
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|`[^`]*`|“[^”]*”|«[^»]*»");
    /** A word between the brackets, quotes and stops around it. */
    private static final Pattern WORD = Pattern.compile("([()\\[\\]{}<>\"'`“”«»,;:.!?]*)(\\S*?)([()\\[\\]{}<>\"'`“”«»,;:.!?]*)(?=\\s|$)");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_-]*");
    private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");
    /** A statement a framework's message quotes in brackets (Spring's {@code bad SQL grammar [UPDATE …]}). */
    private static final Pattern STATEMENT = Pattern.compile(
            "\\[(?i:select|insert|update|delete|with|create|alter|drop|copy|call|merge|lock|truncate|values)\\b.*\\]",
            Pattern.DOTALL);

    private ValueFreeText() {
    }

    /** One exception alone (not its causes): {@code PSQLException (SQLState 23502): ERROR: null value in column "…"}. */
    public static String of(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            text.append(" (SQLState ").append(SQL_STATE.matcher(state).matches() ? state : REDACTED).append(')');
        }
        if (failure.getMessage() != null) {
            text.append(": ").append(of(failure.getMessage()));
        }
        return text.toString();
    }

    /**
     * As {@link #of(Throwable)}, without the SQL statement its message may quote: the text an answer shows (a dead
     * letter's cause, a projection's error), which names no table or column of the store.
     */
    public static String shown(Throwable failure) {
        return STATEMENT.matcher(of(failure)).replaceAll("[" + REDACTED + "]");
    }

    /** The message without quoted text and without any word that is not plain ASCII letters. */
    public static String of(String message) {
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
