package com.lealup.app.axon;

import com.lealup.api.MetadataKeys;
import com.lealup.api.TraceInLogs;
import com.lealup.api.projections.Lingers;
import com.lealup.app.cluster.NodeRoles;
import com.lealup.app.deadletters.ProcessingGroups;
import com.lealup.http.support.ReadYourWrites;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/** Axon wiring shared by every runtime mode. */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /**
     * The query bus as Axon's auto-configuration makes it, but without a transaction around each query: the query
     * handlers only read, and at PostgreSQL's READ COMMITTED a transaction gives their statements no common snapshot,
     * only a {@code BEGIN}, a {@code COMMIT} and a bound connection more per query (about half of the query bus's cost
     * in a flight recording of reads, docs/PERFORMANCE.md). Axon Server mode keeps Axon's own.
     */
    @Bean
    @Qualifier("localSegment")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .transactionManager(NoTransactionManager.INSTANCE)
                .errorHandler(axon.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }


    private static final int BATCH_SIZE = 100;
    /**
     * Projections and policies are streaming processors with their tokens in the database: tracking
     * processors, not pooled ones. On Axon's embedded event store a pooled processor cannot be told
     * that events arrived and polls every 500 ms (Axon 4.13 Coordinator), which every read-your-writes
     * wait would pay; a tracking processor blocks on the store and wakes on the commit. Batches of up to
     * {@value #BATCH_SIZE} events per transaction keep replays fast. A handler that fails makes its
     * processor retry the batch (with back-off) instead of skipping it: a read model never misses an event.
     * Their transactions commit asynchronously ({@link AsyncCommitTokenStore}). A node starts only the
     * processors of its roles ({@code LEALUP_ROLES}: projections with {@code query}, policies with
     * {@code automation}); the others exist, stopped, so that every node reports the same groups. How they share
     * segments with other nodes: {@link ProcessorSharing}. A group no request waits for ({@link Lingers}) reads the
     * store through a {@link LingeringSource}: under load, one batch per {@code lealup.processors.linger} instead of
     * one for every few events. What a handler logs carries its event's trace id ({@link TraceInLogs}).
     */
    @Bean
    ConfigurerModule trackingProcessors(ProcessingGroups groups, NodeRoles roles, ProcessorSharing sharing,
                                        @Value("${lealup.processors.linger}") Duration linger) {
        return configurer -> {
            var processing = configurer.eventProcessing()
                    .registerTrackingEventProcessorConfiguration(c -> processorConfiguration(sharing, true))
                    .usingTrackingEventProcessors()
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                    .registerDefaultHandlerInterceptor((c, group) -> new TraceInLogs());
            groups.names().forEach(group -> {
                processing.registerTrackingEventProcessorConfiguration(group,
                        c -> processorConfiguration(sharing, roles.has(groups.role(group))));
                if (groups.lingers(group) && linger.compareTo(Duration.ZERO) > 0) {
                    processing.registerTrackingEventProcessor(group, c -> new LingeringSource(c.eventStore(), linger));
                }
            });
        };
    }

    private static TrackingEventProcessorConfiguration processorConfiguration(ProcessorSharing sharing, boolean autoStart) {
        return TrackingEventProcessorConfiguration.forParallelProcessing(sharing.segments())
                .andInitialSegmentsCount(sharing.segments())
                .andBatchSize(BATCH_SIZE)
                .andEventAvailabilityTimeout(sharing.renewal().toMillis(), TimeUnit.MILLISECONDS)
                .andTokenClaimInterval(sharing.claimInterval().toMillis(), TimeUnit.MILLISECONDS)
                .andAutoStart(autoStart);
    }

    /**
     * Every aggregate made by its no-argument constructor ({@link ConstructorAggregateFactory}), rather than as a
     * prototype bean of the context, Axon's default with Spring: no aggregate has anything injected
     * (a handler takes what it needs as a parameter), and a prototype bean runs every bean post-processor of the
     * context each time a command loads an existing aggregate (a tenth of a PATCH's command in a flight recording,
     * docs/PERFORMANCE.md). Axon's {@code SpringAggregateLookup} registers its factory as
     * {@code <aggregate>AggregateFactory} only when no bean of that name exists.
     */
    @Bean
    static BeanDefinitionRegistryPostProcessor aggregatesMadeByTheirConstructors() {
        return registry -> {
            // read from the scanned classes' metadata: no class is loaded for it
            for (String name : registry.getBeanDefinitionNames()) {
                if (registry.getBeanDefinition(name) instanceof AnnotatedBeanDefinition definition
                        && definition.getMetadata().hasAnnotation(Aggregate.class.getName())) {
                    String type = definition.getMetadata().getClassName();
                    registry.registerBeanDefinition(
                            StringUtils.uncapitalize(ClassUtils.getShortName(type)) + "AggregateFactory",
                            BeanDefinitionBuilder.genericBeanDefinition(ConstructorAggregateFactory.class)
                                    .addConstructorArgValue(type).getBeanDefinition());
                }
            }
        };
    }

    /** Every aggregate's command handlers find a command's aggregate through it (Axon's default otherwise). */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new CommandTargets();
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
    ProcessorSharing processorSharing(@Value("${lealup.db.url:}") String externalDatabase) {
        return externalDatabase.isBlank() ? ProcessorSharing.ALONE : ProcessorSharing.SHARED;
    }

    /** Alone on its database, this node runs every projection a write waits on. */
    @Bean
    ReadYourWrites.Projectors projectors(ProcessorSharing sharing) {
        return sharing.equals(ProcessorSharing.ALONE) ? ReadYourWrites.Projectors.THIS_NODE
                : ReadYourWrites.Projectors.ANY_NODE;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
