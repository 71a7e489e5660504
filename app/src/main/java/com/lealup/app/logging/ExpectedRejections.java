package com.lealup.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import com.lealup.api.DomainRejection;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Expected refusals are answers, not warnings, and their messages quote what the caller sent (an email domain, an
 * owner's email, a contact's email): they stay out of the log. Axon's repository logs at WARN every exception a
 * command handler throws while creating or loading an aggregate, with the exception's message; a log event at WARN or
 * below carrying a {@link DomainRejection} or an {@link AggregateNotFoundException} (another workspace's or a missing
 * resource) is replaced by a DEBUG line with the refusal's kind and code only. Hibernate's ERROR lines for an append
 * that lost a race with another node (the unique sequence number of an aggregate's events) are dropped too: the
 * command runs again ({@code ConcurrentWriteRetry}) and answers as if alone. Everything else (an ERROR, an
 * unexpected exception) is logged as before.
 */
@Component
class ExpectedRejections extends TurboFilter implements ApplicationListener<ApplicationStartedEvent> {

    static final String NAME = "lealup-expected-rejections";
    private static final String SQL_EXCEPTIONS = "org.hibernate.engine.jdbc.spi.SqlExceptionHelper";
    private static final String CONCURRENT_APPEND = "\"domain_event_entry_aggregate_sequence\"";
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ExpectedRejections.class);

    ExpectedRejections() {
        setName(NAME);
    }

    /** Installed once Spring Boot has configured logging (which resets logback's context); once per context. */
    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
            start();
            context.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && format.contains(CONCURRENT_APPEND) && SQL_EXCEPTIONS.equals(logger.getName())) {
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

    /** The kind and code of an expected refusal anywhere in the causes, else null. */
    private static String refusal(Throwable thrown) {
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
