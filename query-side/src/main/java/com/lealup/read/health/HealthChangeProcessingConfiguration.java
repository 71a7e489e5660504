package com.lealup.read.health;

import com.lealup.api.projections.SequencedByCustomer;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HealthChangeProcessingConfiguration {

    /**
     * A customer's scores one at a time: two scores handled in concurrent transactions could each miss the other's
     * row, and the later one would stay explained against nothing.
     */
    @Bean
    ConfigurerModule healthChangesSequencedByCustomer() {
        return SequencedByCustomer.in(HealthChangeProjection.PROCESSING_GROUP);
    }
}
