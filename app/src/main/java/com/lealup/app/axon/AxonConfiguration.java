package com.lealup.app.axon;

import com.lealup.api.MetadataKeys;
import com.lealup.app.cluster.NodeRoles;
import com.lealup.app.deadletters.ProcessingGroups;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Configuration;

/** Axon wiring shared by every runtime mode. */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    private static final int BATCH_SIZE = 100;
    /**
     * Segments of a processor created by this version (its first start on a database): each node's processor
     * has as many threads, so a node alone runs all of them and several nodes share them ({@code
     * com.lealup.app.cluster.SegmentBalancer}). Processors whose tokens exist keep their segment count (one for
     * every processor of a database created before this version).
     */
    static final int SEGMENTS = 2;
    /**
     * Projections and policies are streaming processors with their tokens in the database: tracking
     * processors, not pooled ones. On Axon's embedded (JPA) event store a pooled processor cannot be told
     * that events arrived and polls every 500 ms (Axon 4.13 Coordinator), which every read-your-writes
     * wait would pay; a tracking processor blocks on the store and wakes on the commit. Batches of up to
     * {@value #BATCH_SIZE} events per transaction keep replays fast. A handler that fails makes its
     * processor retry the batch (with back-off) instead of skipping it: a read model never misses an event.
     * Their transactions commit asynchronously ({@link AsyncCommitTransactionManager}). A node starts only the
     * processors of its roles ({@code LEALUP_ROLES}: projections with {@code query}, policies with
     * {@code automation}); the others exist, stopped, so that every node reports the same groups.
     */
    @Bean
    ConfigurerModule trackingProcessors(TransactionManager transactionManager, JdbcTemplate jdbc,
                                        ProcessingGroups groups, NodeRoles roles, ClaimTiming timing) {
        return configurer -> {
            var processing = configurer.eventProcessing()
                    .registerTrackingEventProcessorConfiguration(c -> processorConfiguration(timing, true))
                    .usingTrackingEventProcessors()
                    .registerDefaultTransactionManager(c -> new AsyncCommitTransactionManager(transactionManager, jdbc))
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
            groups.names().forEach(group -> processing.registerTrackingEventProcessorConfiguration(group,
                    c -> processorConfiguration(timing, roles.has(groups.role(group)))));
        };
    }

    private static TrackingEventProcessorConfiguration processorConfiguration(ClaimTiming timing, boolean autoStart) {
        return TrackingEventProcessorConfiguration.forParallelProcessing(SEGMENTS)
                .andInitialSegmentsCount(SEGMENTS)
                .andBatchSize(BATCH_SIZE)
                .andEventAvailabilityTimeout(timing.renewal().toMillis(), TimeUnit.MILLISECONDS)
                .andTokenClaimInterval(timing.claimInterval().toMillis(), TimeUnit.MILLISECONDS)
                .andAutoStart(autoStart);
    }

    /** The gateway of every command, which runs again a command that lost a race with another node. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(new ConcurrentWriteRetry()).build();
    }

    /** Workspace, actor, trace id and idempotency key travel from the command into every event it causes. */
    @Bean
    CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.ALL.toArray(String[]::new));
    }

    @Bean
    ClaimTiming claimTiming(@Value("${lealup.db.url:}") String externalDatabase) {
        return externalDatabase.isBlank() ? ClaimTiming.ALONE : ClaimTiming.SHARED;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
