package com.lealup.read.health;

import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.health.HealthScoreCalculated;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HealthChangeProcessingConfiguration {

    /**
     * A customer's events in order, in one segment. Scores are published outside any aggregate, so by default each is
     * its own sequence: two scores of a customer could be handled in concurrent transactions that each miss the
     * other's row, and the later one would stay explained against nothing.
     */
    @Bean
    ConfigurerModule healthChangesSequencedByCustomer() {
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(
                HealthChangeProjection.PROCESSING_GROUP, configuration -> HealthChangeProcessingConfiguration::customer);
    }

    static Object customer(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof HealthScoreCalculated score) {
            return score.customerId();
        }
        if (payload instanceof CustomerPurged purged) {
            return purged.customerId();
        }
        if (payload instanceof CustomerErased erased) {
            return erased.customerId();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}
