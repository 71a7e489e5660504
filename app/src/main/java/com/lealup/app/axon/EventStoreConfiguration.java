package com.lealup.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.UtcTimestamps;
import com.lealup.write.customer.CustomerKeys;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.postgresql.util.PSQLState;
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

    /**
     * Axon's event store and token store speak plain JDBC, on the connection of the Spring transaction in progress:
     * through JPA, Hibernate's per-statement work (HQL translation, dirty checks, its session) cost about a sixth of
     * the server's CPU on the create path (docs/PERFORMANCE.md), for tables that are Axon's and need no mapping.
     * Spring's transaction alone commits and rolls it back, as every unit of work that writes has one (the command
     * bus's, a processor's batch, a playbook worker's runs). Not Axon's {@code UnitOfWorkAwareConnectionProviderWrapper}
     * (its Spring Boot default): it commits or rolls back the connection with the unit of work that first asks for it,
     * which may be a command's nested in a worker's batch; a command refused after loading its aggregate then rolled
     * back the worker's whole transaction halfway (the run taken out of its queue came back, and was done again: its
     * task made twice), and one that succeeded committed it halfway.
     */
    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * Axon's JDBC token store (in every mode: tokens stay in PostgreSQL with Axon Server too), with the claim timeout
     * of {@link ProcessorSharing}, whose token updates make the processors' transactions commit asynchronously
     * ({@link AsyncCommitTokenStore}). Tokens are owned by this JVM's name, Axon's default.
     */
    @Bean
    TokenStore tokenStore(Serializer serializer, ConnectionProvider axonConnectionProvider, ProcessorSharing sharing) {
        return new AsyncCommitTokenStore(JdbcTokenStore.builder()
                .connectionProvider(axonConnectionProvider)
                .serializer(serializer)
                .contentType(byte[].class)
                .claimTimeout(sharing.timeout()),
                TokenSchema.builder().setTokenTable("token_entry").setProcessorNameColumn("processor_name")
                        .setTokenTypeColumn("token_type").build(),
                ManagementFactory.getRuntimeMXBean().getName());
    }

    @Bean
    ConfigurerModule eventUpcasters() {
        return configurer -> EventFormat.upcasters().forEach(upcaster -> configurer.registerEventUpcaster(c -> upcaster));
    }

    /**
     * Standalone: Axon's JDBC storage engine on the tables of {@code V1} (payloads as {@code bytea}; the database
     * numbers events, {@code V24}), with snapshots too written in the event format (Axon would use its general
     * serializer for them).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    static class Standalone {

        /** Events per query of a long read of the store (Axon's default: 100); a processor still handles 100 per transaction. */
        private static final int LONG_PAGE = 1000;
        /** Events per query of an aggregate's first page (Axon's default); a page of fewer is the aggregate's last. */
        private static final int PAGE = 100;
        /** Axon's defaults, set here because the reading of a row below applies them too. */
        private static final long LOWEST_GLOBAL_INDEX = 1;
        private static final int MAX_GAP_OFFSET = 10_000;
        private static final int GAP_TIMEOUT = 60_000;

        /**
         * Two commands that append the same sequence number of an aggregate: PostgreSQL's unique violation, which
         * Axon turns into the concurrency failure that {@link ConcurrentWriteRetry} retries (Axon's default for JDBC
         * looks for an exception type PostgreSQL's driver never throws).
         */
        @Bean
        PersistenceExceptionResolver persistenceExceptionResolver() {
            return new SQLStateResolver(PSQLState.UNIQUE_VIOLATION.getState());
        }

        @Bean
        EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                              PersistenceExceptionResolver persistenceExceptionResolver,
                                              org.axonframework.config.Configuration configuration,
                                              ConnectionProvider axonConnectionProvider,
                                              TransactionManager transactionManager) {
            JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                    .snapshotSerializer(eventSerializer)
                    .eventSerializer(eventSerializer)
                    .upcasterChain(configuration.upcasterChain())
                    .persistenceExceptionResolver(persistenceExceptionResolver)
                    .snapshotFilter(configuration.snapshotFilter())
                    .connectionProvider(axonConnectionProvider)
                    .transactionManager(transactionManager)
                    .schema(schema().build())
                    .batchSize(PAGE)
                    // an aggregate's events are never removed, so its sequence numbers have no holes: a page of fewer
                    // than PAGE events, short of any page asked for, is the last (Axon's JDBC engine would read one
                    // more, empty, page to know)
                    .finalAggregateBatchPredicate(page -> page.size() < PAGE)
                    .dataType(byte[].class)
                    .lowestGlobalSequence(LOWEST_GLOBAL_INDEX)
                    .maxGapOffset(MAX_GAP_OFFSET)
                    .gapTimeout(GAP_TIMEOUT)
                    .readEventDataWithoutGaps(Standalone::readEventDataWithoutGaps)
                    .readEventDataWithGaps(Standalone::readEventDataWithGaps);
            return new JdbcEventStorageEngine(builder) {
                // the stream of every event (processors, a replay) in pages of LONG_PAGE
                @Override
                protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
                    return super.fetchTrackedEvents(lastToken, LONG_PAGE);
                }

                // Axon's own reading of a row (JdbcEventStorageEngine.getTrackedEventData), with the timestamp parsed
                // once, by UtcTimestamps.parseUtc: Axon's parses it with DateTimeFormatter for the gaps and again for
                // the message, which was two fifths of a replay's reading thread (docs/PERFORMANCE.md, Replay)
                @Override
                protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previous)
                        throws SQLException {
                    EventSchema schema = schema();
                    long globalIndex = resultSet.getLong(schema.globalIndexColumn());
                    String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
                    String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
                    Object stored = readTimeStamp(resultSet, schema.timestampColumn());
                    GenericDomainEventEntry<Object> entry = new GenericDomainEventEntry<>(
                            resultSet.getString(schema.typeColumn()),
                            eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                            resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier, stored,
                            resultSet.getString(schema.payloadTypeColumn()),
                            resultSet.getString(schema.payloadRevisionColumn()),
                            readPayload(resultSet, schema.payloadColumn()),
                            readPayload(resultSet, schema.metaDataColumn()));
                    Instant parsed = stored instanceof String text ? UtcTimestamps.parseUtc(text) : null;
                    Instant timestamp = parsed != null ? parsed : entry.getTimestamp();
                    // events older than the gap timeout leave no gaps behind them, as in Axon's
                    boolean allowGaps = timestamp.isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT));
                    GapAwareTrackingToken token = previous == null
                            ? GapAwareTrackingToken.newInstance(globalIndex, allowGaps
                                    ? LongStream.range(Math.min(LOWEST_GLOBAL_INDEX, globalIndex), globalIndex).boxed()
                                            .collect(Collectors.toCollection(TreeSet::new))
                                    : Collections.emptySortedSet())
                            : previous.advanceTo(globalIndex, allowGaps ? MAX_GAP_OFFSET : 0);
                    DomainEventData<Object> event = parsed != null ? new StoredTimestamp<>(entry, parsed) : entry;
                    return new TrackedDomainEventData<>(token, event);
                }

                // an event's time as Axon writes it (DateTimeUtils.formatInstant, to the millisecond), without its
                // general formatter: 0.7 % of the request threads' samples in the create benchmark
                @Override
                protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp)
                        throws SQLException {
                    String text = UtcTimestamps.formatMillis(timestamp);
                    if (text == null) {
                        super.writeTimestamp(statement, position, timestamp);
                    } else {
                        statement.setString(position, text);
                    }
                }

                // Axon words any failed append as a reused identifier (an aggregate's first event) or an event already
                // inserted (a later one), whatever the cause: a refused or lost write read so in a parked playbook
                // run's log line. Only PostgreSQL's unique violation is one (Axon's exceptions, which the commands
                // retry); any other failure is told as what it is
                @Override
                protected void handlePersistenceException(Exception exception, EventMessage<?> failedEvent) {
                    if (!persistenceExceptionResolver.isDuplicateKeyViolation(exception)) {
                        String event = failedEvent instanceof DomainEventMessage<?> domain
                                ? "of aggregate " + domain.getType() + " [" + domain.getAggregateIdentifier()
                                        + "] at sequence " + domain.getSequenceNumber()
                                : "[" + failedEvent.getIdentifier() + "]";
                        throw new EventStoreException("An event " + event + " could not be stored: "
                                + exception.getMessage(), exception);
                    }
                    super.handlePersistenceException(exception, failedEvent);
                }

                // no aggregate is snapshotted (none has a snapshot trigger, AggregatesTest), so loading one would ask
                // the snapshot table for nothing first: a statement per command on an existing aggregate
                @Override
                protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
                    return Stream.empty();
                }

                // one aggregate's events: a PAGE for its first PAGE (most readers stop there: an aggregate of a few
                // events, a history's first page), LONG_PAGE past them (an as_of fold of thousands)
                @Override
                protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                           long firstSequenceNumber, int batchSize) {
                    return super.fetchDomainEvents(aggregateIdentifier, firstSequenceNumber,
                            firstSequenceNumber < batchSize ? batchSize : LONG_PAGE);
                }
            };
        }

        /** The tables of {@code V1}. */
        static EventSchema.Builder schema() {
            return EventSchema.builder().eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                    .globalIndexColumn("global_index").timestampColumn("time_stamp")
                    .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                    .sequenceNumberColumn("sequence_number").payloadTypeColumn("payload_type")
                    .payloadRevisionColumn("payload_revision").metaDataColumn("meta_data");
        }

        /**
         * The events after a token: Axon's statement, with its bounds as sub-selects. PostgreSQL plans a prepared
         * statement for the values at hand for as long as that plan looks cheaper than its plan for any values, and a
         * range at the head of the store, past the table's statistics, always looks cheaper: every read of every
         * processor was planned anew, five times its execution (docs/PERFORMANCE.md, "The store's reads"). Bounds the
         * planner cannot see cost the same whatever they are, so the plan it made once is kept.
         */
        static PreparedStatement readEventDataWithoutGaps(Connection connection, EventSchema schema, long globalIndex,
                                                          int batchSize) throws SQLException {
            PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields()
                    + " FROM " + schema.domainEventTable() + " WHERE " + after(schema) + " ORDER BY "
                    + schema.globalIndexColumn() + " ASC");
            statement.setLong(1, globalIndex);
            statement.setLong(2, globalIndex + batchSize);
            return statement;
        }

        /**
         * The events after a token and those that filled its gaps: the page of {@link #readEventDataWithoutGaps}, and
         * the gaps as one array parameter, hidden from the planner too. Axon's statement writes one {@code ?} per gap,
         * a statement of another text for each count of gaps, so none was prepared once and reused, and PostgreSQL
         * planned each one again (it had kept a scan of the table for some: 1.4 ms a read where the read without gaps
         * took 0.015 ms, docs/PERFORMANCE.md).
         */
        static PreparedStatement readEventDataWithGaps(Connection connection, EventSchema schema, long globalIndex,
                                                       int batchSize, List<Long> gaps) throws SQLException {
            PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields()
                    + " FROM " + schema.domainEventTable() + " WHERE (" + after(schema) + ") OR "
                    + schema.globalIndexColumn() + " = ANY ((SELECT ?)::bigint[]) ORDER BY "
                    + schema.globalIndexColumn() + " ASC");
            statement.setLong(1, globalIndex);
            statement.setLong(2, globalIndex + batchSize);
            statement.setArray(3, connection.createArrayOf("bigint", gaps.toArray()));
            return statement;
        }

        /** A page of the store after an index, bounds hidden from the planner ({@link #readEventDataWithoutGaps}). */
        private static String after(EventSchema schema) {
            return schema.globalIndexColumn() + " > (SELECT ?::bigint) AND " + schema.globalIndexColumn()
                    + " <= (SELECT ?::bigint)";
        }

        /** A stored event with its timestamp as read by {@link UtcTimestamps#parseUtc}. */
        private record StoredTimestamp<T>(DomainEventData<T> event, Instant timestamp) implements DomainEventData<T> {

            @Override
            public Instant getTimestamp() {
                return timestamp;
            }

            @Override
            public String getType() {
                return event.getType();
            }

            @Override
            public String getAggregateIdentifier() {
                return event.getAggregateIdentifier();
            }

            @Override
            public long getSequenceNumber() {
                return event.getSequenceNumber();
            }

            @Override
            public String getEventIdentifier() {
                return event.getEventIdentifier();
            }

            @Override
            public SerializedObject<T> getMetaData() {
                return event.getMetaData();
            }

            @Override
            public SerializedObject<T> getPayload() {
                return event.getPayload();
            }
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
