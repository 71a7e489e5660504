package com.lealup.app.axon;

import com.lealup.api.MetadataKeys;
import java.time.Clock;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring shared by every runtime mode. */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /** Projections and policies are pooled streaming processors with their tokens in the database. */
    @Bean
    ConfigurerModule pooledStreamingProcessorsByDefault() {
        return configurer -> configurer.eventProcessing().usingPooledStreamingEventProcessors();
    }

    /** Workspace, actor, trace id and idempotency key travel from the command into every event it causes. */
    @Bean
    CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.ALL.toArray(String[]::new));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
