package com.lealup.automation.playbook;

import com.lealup.api.projections.SequencedByCustomer;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
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
        return SequencedByCustomer.in(PlaybookActionPolicy.PROCESSING_GROUP);
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
