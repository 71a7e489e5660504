package com.lealup.app.axon;

import com.lealup.api.MetadataKeys;
import java.time.Clock;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring shared by every runtime mode. */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /**
     * Projections and policies are pooled streaming processors with their tokens in the database. A handler
     * that fails makes its processor retry the event (with back-off) instead of skipping it: a read model
     * must never silently miss an event.
     */
    @Bean
    ConfigurerModule pooledStreamingProcessorsByDefault() {
        return configurer -> configurer.eventProcessing()
                .usingPooledStreamingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
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
