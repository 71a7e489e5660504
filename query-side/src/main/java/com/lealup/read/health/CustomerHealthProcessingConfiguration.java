package com.lealup.read.health;

import com.lealup.api.projections.SequencedByCustomer;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CustomerHealthProcessingConfiguration {

    /**
     * A customer's scores in one sequence with its purge or erasure: a score published before the erasure, handled
     * after it on another segment, would write the forgotten customer's health again, for good.
     */
    @Bean
    ConfigurerModule customerHealthSequencedByCustomer() {
        return SequencedByCustomer.in(CustomerHealthProjection.PROCESSING_GROUP);
    }
}
