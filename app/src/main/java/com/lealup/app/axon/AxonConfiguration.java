package com.lealup.app.axon;

import com.lealup.api.MetadataKeys;
import java.time.Clock;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Configuration;

/** Axon wiring shared by every runtime mode. */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    private static final int BATCH_SIZE = 100;

    /**
     * Projections and policies are streaming processors with their tokens in the database: tracking
     * processors, not pooled ones. On Axon's embedded (JPA) event store a pooled processor cannot be told
     * that events arrived and polls every 500 ms (Axon 4.13 Coordinator), which every read-your-writes
     * wait would pay; a tracking processor blocks on the store and wakes on the commit. Batches of up to
     * {@value #BATCH_SIZE} events per transaction keep replays fast. A handler that fails makes its
     * processor retry the batch (with back-off) instead of skipping it: a read model never misses an event.
     * Their transactions commit asynchronously ({@link AsyncCommitTransactionManager}).
     */
    @Bean
    ConfigurerModule trackingProcessorsByDefault(TransactionManager transactionManager, JdbcTemplate jdbc) {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessorConfiguration(c -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(BATCH_SIZE))
                .usingTrackingEventProcessors()
                .registerDefaultTransactionManager(c -> new AsyncCommitTransactionManager(transactionManager, jdbc))
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
