package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookTriggered;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.async.PropertySequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlaybookActionsProcessingConfiguration {

    /**
     * A customer's runs queued in the store's order, which its queue then keeps. Each run is an aggregate of its own,
     * so by default two segments could queue two runs of one customer in either order: of two runs setting one custom
     * field, the earlier could write last and its value stay.
     */
    @Bean
    ConfigurerModule playbookActionsSequencedByCustomer() {
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(PlaybookActionPolicy.PROCESSING_GROUP,
                configuration -> PropertySequencingPolicy.builder(PlaybookTriggered.class, String.class)
                        .propertyExtractor(PlaybookTriggered::customerId)
                        .fallbackSequencingPolicy(SequentialPerAggregatePolicy.instance())
                        .build());
    }

    /** Runs that fail unexpectedly, parked in the group's own dead-letter queue, by its own enqueue policy. */
    @Bean
    PlaybookRunParking playbookRunParking(EventProcessingConfiguration processing, PlaybookRunQueue queue,
                                          TransactionManager transactions) {
        return new PlaybookRunParking(
                () -> processing.deadLetterQueue(PlaybookActionPolicy.PROCESSING_GROUP).orElseThrow(),
                () -> processing.deadLetterPolicy(PlaybookActionPolicy.PROCESSING_GROUP).orElseThrow(),
                queue, transactions);
    }
}
