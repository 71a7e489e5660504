package com.lealup.app.logging;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LEALUP_LOG_FORMAT=json} writes the console log as JSON, one object a line (Spring Boot's structured logging,
 * Elastic Common Schema: {@code @timestamp}, {@code log.level}, {@code message}, the MDC's {@code trace_id}, an access
 * line's key-value pairs); {@code text} (the default) keeps the readable lines. Runs before logging starts, so every
 * line of the process has the chosen format.
 */
class LogFormatSwitch implements EnvironmentPostProcessor {

    static final String FORMAT = "LEALUP_LOG_FORMAT";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty(FORMAT, "text").trim();
        switch (format) {
            case "json" -> environment.getPropertySources().addFirst(new MapPropertySource("lealup-log-format",
                    Map.of("logging.structured.format.console", "ecs")));
            case "text", "" -> { }
            default -> throw new IllegalStateException(FORMAT + " must be text or json, not '" + format + "'");
        }
    }
}
