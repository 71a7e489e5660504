package com.lealup.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The log's rules as one logback turbo filter: expected refusals out ({@link ExpectedRejections}), then every other
 * failure without the values its messages quote ({@link FailuresWithoutValues}). One filter, because logback asks its
 * turbo filters at every level check ({@code isDebugEnabled()}, which the frameworks make many times per request) and
 * copies its list of them for each ask when there are several: 1.7 % of the server's samples in the create benchmark.
 * A level check carries no message and no failure, so it is answered first. Installed once Spring Boot has configured
 * logging (which resets logback's context), once per context.
 */
@Component
class LogHygiene extends TurboFilter implements ApplicationListener<ApplicationStartedEvent> {

    private static final String NAME = "lealup-log-hygiene";

    private final ExpectedRejections expectedRejections = new ExpectedRejections();
    private final FailuresWithoutValues failuresWithoutValues = new FailuresWithoutValues();

    LogHygiene() {
        setName(NAME);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null && params == null && t == null) {
            return FilterReply.NEUTRAL;
        }
        FilterReply expected = expectedRejections.decide(marker, logger, level, format, params, t);
        return expected != FilterReply.NEUTRAL ? expected
                : failuresWithoutValues.decide(marker, logger, level, format, params, t);
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
            start();
            context.addTurboFilter(this);
        }
    }
}
