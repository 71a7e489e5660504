package com.lealup.app.axon;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The event store's own serializer ({@link EventFormat}), for events, their metadata and snapshots; the web layer's
 * ObjectMapper serializes nothing that is stored as an event. Axon's other serializers (tokens, dead-letter
 * diagnostics, messages to Axon Server) stay Axon's general Jackson serializer.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /**
     * Axon's general serializer, which is also its message serializer (commands, queries and their answers, when
     * they cross nodes through Axon Server) and writes tokens and dead-letter diagnostics: Axon's Jackson serializer
     * over the application's ObjectMapper, as Axon would build it, except that an untyped decimal (a custom field, an
     * action value) is read back as the exact {@code BigDecimal} it was, not a rounded {@code double}
     * ({@code AxonServerMessagesTest}). Nothing it wrote before holds a decimal (tokens are integers).
     */
    @Bean
    @Primary
    Serializer serializer(ObjectMapper objectMapper, RevisionResolver revisionResolver) {
        return JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(getClass().getClassLoader()))
                .objectMapper(objectMapper.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS))
                .build();
    }

    /** Replaces Axon's "eventSerializer" (which would follow the application's ObjectMapper). */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return EventFormat.serializer();
    }

    /**
     * Axon's JPA token store (in every mode: tokens stay in PostgreSQL with Axon Server too), with the claim timeout
     * of {@link ProcessorSharing}.
     */
    @Bean
    TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider, ProcessorSharing sharing) {
        return JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(sharing.timeout())
                .build();
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

        /**
         * Axon's embedded event store, told of this node's commits at once, polls for other nodes' events every
         * {@code fetchDelay} (Axon's default: 1 s). On a shared database (LEALUP_DB_URL) that delay is how late a
         * processor here sees a write of another node, and every read-your-writes wait with it: 50 ms there.
         * Alone on its embedded database a node has no other writer, and keeps the default.
         */
        @Bean(name = "eventBus")
        @Qualifier("eventStore")
        EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                      @Value("${lealup.db.url:}") String externalDatabase) {
            return EmbeddedEventStore.builder()
                    .storageEngine(storageEngine)
                    .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                    .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                    .fetchDelay(externalDatabase.isBlank() ? 1000 : 50)
                    .build();
        }
    }
}
