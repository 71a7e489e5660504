package com.lealup.automation.health;

import com.lealup.api.projections.SequencedByWorkspace;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HealthSignalsProcessingConfiguration {

    /**
     * A workspace's events in order, in one segment. A recorded batch is published outside any aggregate, so by
     * default each is its own sequence; on two segments a customer's later batch could be applied before an earlier
     * one, whose position the signals' redelivery guard would then take for already applied.
     */
    @Bean
    ConfigurerModule healthSignalsSequencedByWorkspace() {
        return SequencedByWorkspace.in(HealthSignalsPolicy.PROCESSING_GROUP);
    }
}
