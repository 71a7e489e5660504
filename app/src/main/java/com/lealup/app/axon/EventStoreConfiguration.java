package com.lealup.app.axon;

import com.lealup.write.customer.CustomerKeys;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store's own serializer ({@link EventFormat}), for events, their metadata and snapshots; the web layer's
 * ObjectMapper serializes nothing that is stored as an event. Axon's other serializers (tokens, dead-letter
 * diagnostics, messages to Axon Server) stay Axon's general Jackson serializer.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /**
     * Replaces Axon's "eventSerializer" (which would follow the application's ObjectMapper). Personal data is sealed
     * with the customers' keys; {@code lealup.gdpr.encrypt-events=false} writes it in clear, for the benchmark's
     * reference run only (bench/gdpr.sh): such events cannot be erased.
     */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(CustomerKeys customerKeys,
                               @Value("${lealup.gdpr.encrypt-events:true}") boolean encryptPersonalData) {
        return EventFormat.serializer(new PersonalDataFormat(customerKeys, encryptPersonalData));
    }

    @Bean
    ConfigurerModule eventUpcasters() {
        return configurer -> EventFormat.upcasters().forEach(upcaster -> configurer.registerEventUpcaster(c -> upcaster));
    }

    /**
     * Standalone: Axon's JPA storage engine as its auto-configuration builds it, except that snapshots too are
     * written in the event format (Axon would use its general serializer for them).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    @RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
    static class Standalone {

        @Bean
        EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                              PersistenceExceptionResolver persistenceExceptionResolver,
                                              org.axonframework.config.Configuration configuration,
                                              EntityManagerProvider entityManagerProvider,
                                              TransactionManager transactionManager) {
            return JpaEventStorageEngine.builder()
                    .snapshotSerializer(eventSerializer)
                    .eventSerializer(eventSerializer)
                    .upcasterChain(configuration.upcasterChain())
                    .persistenceExceptionResolver(persistenceExceptionResolver)
                    .snapshotFilter(configuration.snapshotFilter())
                    .entityManagerProvider(entityManagerProvider)
                    .transactionManager(transactionManager)
                    .build();
        }
    }
}
