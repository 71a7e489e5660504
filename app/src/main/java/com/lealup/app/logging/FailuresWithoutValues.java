package com.lealup.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Arrays;
import org.slf4j.Marker;

/**
 * No personal data in the log through an exception's message: an event processor logs the failure of a batch with
 * its exception before the failing event is isolated and dead-lettered, and PostgreSQL's messages quote the values
 * they refuse ({@code Key (email_domain)=(...) already exists}, {@code Failing row contains (...)}). Every log line
 * carrying an exception, whoever logs it, is logged instead with a copy of the exception whose messages are
 * {@link ValueFreeText} (the classes, SQLStates and stack traces stay, for the operator). Expected refusals are
 * {@link ExpectedRejections}'s.
 */
final class FailuresWithoutValues {

    private static final String FQCN = FailuresWithoutValues.class.getName();
    private static final int MAX_CHAIN = 10;

    FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        Object[] arguments = params;
        Throwable thrown = t;
        if (thrown == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            thrown = last;
            arguments = Arrays.copyOf(params, params.length - 1);
        }
        if (thrown == null || thrown instanceof ValueFree || level == null || !logger.isEnabledFor(level)
                || ExpectedRejections.refusal(thrown) != null) {
            return FilterReply.NEUTRAL;
        }
        logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), format, arguments, copy(thrown, 0));
        return FilterReply.DENY;
    }

    private static ValueFree copy(Throwable failure, int depth) {
        Throwable cause = failure.getCause() == failure || depth >= MAX_CHAIN ? null : failure.getCause();
        ValueFree copy = new ValueFree(ValueFreeText.of(failure), cause == null ? null : copy(cause, depth + 1));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** An exception as logged: the original's class and value-free message, its stack trace, its causes alike. */
    static final class ValueFree extends RuntimeException {

        ValueFree(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
