package com.lealup.read.customer;

import com.lealup.api.projections.SequencedByCustomer;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CustomerProcessingConfiguration {

    /**
     * A customer's scores in the sequence of its own events: a score handled beside the customer's creation, on
     * another segment, updates no row yet, and the customer would show no health until a score changed again.
     */
    @Bean
    ConfigurerModule customersSequencedByCustomer() {
        return SequencedByCustomer.in(CustomerProjection.PROCESSING_GROUP);
    }
}
