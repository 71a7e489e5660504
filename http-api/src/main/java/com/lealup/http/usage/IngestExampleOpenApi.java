package com.lealup.http.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The example of {@code POST /v1/events}: an event of 10:15 UTC the day before the document is built (once, at its
 * first serving), so that sending it is stored, where any fixed date would leave the 365 days an event may be old.
 */
@Configuration(proxyBeanMethods = false)
class IngestExampleOpenApi {

    @Bean
    GlobalOpenApiCustomizer ingestExample(Clock clock) {
        return openApi -> {
            String timestamp = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1))
                    .plus(Duration.ofHours(10).plusMinutes(15)).toString();
            openApi.getComponents().getSchemas().get("IngestRequest").example(Map.of("events", List.of(Map.of(
                    "event_id", "evt-0001", "type", "feature_used", "email_domain", "acme.com",
                    "contact_email", "ana@acme.com", "timestamp", timestamp,
                    "properties", Map.of("feature", "reports", "duration_s", 42)))));
        };
    }
}
