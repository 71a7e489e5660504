package com.lealup.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import com.lealup.api.DomainRejection;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Expected refusals are answers, not warnings, and their messages quote what the caller sent (an email domain, an
 * owner's email, a contact's email): they stay out of the log. Axon's repository logs at WARN every exception a
 * command handler throws while creating or loading an aggregate, with the exception's message; a log event at WARN or
 * below carrying a {@link DomainRejection} or an {@link AggregateNotFoundException} (another workspace's or a missing
 * resource) is replaced by a DEBUG line with the refusal's kind and code only. So is Axon's ERROR for an update it could
 * not give a subscription query that had just ended: a read-your-writes wait answered by a poll (or timed out) cancels
 * its subscription while a projection may be emitting to it, and Axon then fails to tell the closed subscription of
 * that failure; the wait had its answer, nothing is lost. Axon's INFO line before it, which names the ended
 * subscription's sink ({@code FAIL_TERMINATED}), goes the same way; any other failure to emit (a full buffer) stays.
 * Everything else (an ERROR, an unexpected exception) is logged, without the values its messages quote
 * ({@link FailuresWithoutValues}).
 */
final class ExpectedRejections {

    private static final String UPDATE_EMITTER = "org.axonframework.queryhandling.SimpleQueryUpdateEmitter";
    private static final String ENDED_SUBSCRIPTION = "An error happened while trying to inform update handler about the error";
    private static final String UPDATE_NOT_EMITTED = "An error occurred while trying to emit an update to a query";
    /** Reactor's refusal of an update to a sink its subscriber has left. */
    private static final String ENDED_SINK = "FAIL_TERMINATED";
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ExpectedRejections.class);

    FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && UPDATE_EMITTER.equals(logger.getName()) && updateToAnEndedSubscription(format, params)) {
            log.debug("An update reached a subscription query that had ended");
            return FilterReply.DENY;
        }
        if (level == null || level.isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t;
        if (thrown == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            thrown = last;
        }
        String refusal = refusal(thrown);
        if (refusal == null) {
            return FilterReply.NEUTRAL;
        }
        if (log.isDebugEnabled()) {
            log.debug("{} refused a command: {}", logger.getName(), refusal);
        }
        return FilterReply.DENY;
    }

    /** Axon's two lines for an update that reached a subscription query after it had ended. */
    private static boolean updateToAnEndedSubscription(String format, Object[] params) {
        return format.startsWith(ENDED_SUBSCRIPTION) || format.startsWith(UPDATE_NOT_EMITTED) && params != null
                && params.length > 1 && String.valueOf(params[1]).contains(ENDED_SINK);
    }

    /** The kind and code of an expected refusal anywhere in the causes, else null. */
    static String refusal(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DomainRejection rejection) {
                return rejection.details().kind() + " " + rejection.details().code();
            }
            if (cause instanceof AggregateNotFoundException) {
                return "NOT_FOUND aggregate";
            }
        }
        return null;
    }
}
