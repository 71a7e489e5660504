package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookTriggered;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.PropertySequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlaybookActionsProcessingConfiguration {

    /**
     * A customer's runs one after the other, in the store's order. Each run is an aggregate of its own, so by default
     * two runs of one customer could do their actions at once on two segments, in either order: of two runs setting
     * one custom field, the earlier could write last and its value stay.
     */
    @Bean
    ConfigurerModule playbookActionsSequencedByCustomer() {
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(PlaybookActionRunner.PROCESSING_GROUP,
                configuration -> PropertySequencingPolicy.builder(PlaybookTriggered.class, String.class)
                        .propertyExtractor(PlaybookTriggered::customerId)
                        .fallbackSequencingPolicy(SequentialPerAggregatePolicy.instance())
                        .build());
    }
}
