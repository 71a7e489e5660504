package com.lealup.app.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Everything the server logs during a test (every logger, Axon's included), for tests that search the log for the
 * values they sent: {@code @RegisterExtension final CapturedLog log = new CapturedLog();}.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;

    @Override
    public void beforeEach(ExtensionContext context) {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.list.clear();
        captured.start();
        root.addAppender(captured);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root.detachAppender(captured);
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(captured.list);
    }

    /** Each event as a line: level, logger, message and stack trace. */
    public List<String> lines() {
        return events().stream().map(CapturedLog::text).toList();
    }

    public static String text(ILoggingEvent event) {
        return event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
}
