package com.lealup.app.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * A logback turbo filter installed once Spring Boot has configured logging (which resets logback's context), once per
 * context: the filters of this package are beans, not lines of a logback file.
 */
abstract class InstalledTurboFilter extends TurboFilter implements ApplicationListener<ApplicationStartedEvent> {

    InstalledTurboFilter(String name) {
        setName(name);
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> getName().equals(f.getName()))) {
            start();
            context.addTurboFilter(this);
        }
    }
}
