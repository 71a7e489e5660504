package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import java.util.Arrays;
import java.util.Map;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** How the running server makes and loads its aggregates. */
class AggregatesTest extends ApiTest {

    @Autowired
    private ApplicationContext context;
    @Autowired
    private Configuration axon;

    /** AxonConfiguration.aggregatesMadeByTheirConstructors, not Spring prototype beans. */
    @Test
    void everyAggregateIsMadeByItsNoArgumentConstructor() {
        String[] aggregates = context.getBeanNamesForAnnotation(Aggregate.class);
        @SuppressWarnings("rawtypes")
        Map<String, AggregateFactory> factories = context.getBeansOfType(AggregateFactory.class);

        assertThat(aggregates).hasSizeGreaterThan(10);
        assertThat(factories).hasSameSizeAs(aggregates);
        assertThat(factories.values()).allSatisfy(factory -> assertThat(factory).isInstanceOf(ConstructorAggregateFactory.class));
    }

    /** Every aggregate's command handlers find their targets through CommandTargets, Axon's resolver when none is set. */
    @Test
    void commandsFindTheirAggregatesThroughCommandTargets() {
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CommandTargets.class);
    }

    /** The event store reads no snapshot when it loads an aggregate (EventStoreConfiguration.Standalone): none is taken. */
    @Test
    void noAggregateIsSnapshotted() {
        assertThat(Arrays.stream(context.getBeanNamesForAnnotation(Aggregate.class))
                .map(name -> context.findAnnotationOnBean(name, Aggregate.class)))
                .isNotEmpty()
                .allSatisfy(aggregate -> assertThat(aggregate.snapshotTriggerDefinition()).isEmpty());
    }
}
