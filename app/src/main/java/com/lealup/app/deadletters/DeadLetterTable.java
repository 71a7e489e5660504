package com.lealup.app.deadletters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.DefaultDeadLetterStatementFactory;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC dead-letter queue on {@code dead_letter_entry}: V1's columns, its instants as Axon's JDBC queue writes
 * them (text, V36). Plain statements in the processor's transaction: the server needs no ORM, whose session per
 * transaction cost every transaction of the server (docs/PERFORMANCE.md).
 */
public final class DeadLetterTable {

    /** The letters of a sequence read per statement. */
    private static final int PAGE = 100;
    private static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    private DeadLetterTable() {
    }

    /**
     * Evicts {@code sequenceId} whole, in the caller's transaction, and answers the letters evicted. A letter that a
     * processor adds to the sequence meanwhile is evicted too: the processor's check holds the letters it saw
     * ({@link PagedByPosition#containsStatement}), so the eviction's delete waits for its commit, then reads the
     * sequence again. Without that, the sequence would come back as one letter with no cause, parking its later
     * events for good.
     */
    public static List<DeadLetter<? extends EventMessage<?>>> evictSequence(
            SequencedDeadLetterQueue<EventMessage<?>> queue, String sequenceId) {
        List<DeadLetter<? extends EventMessage<?>>> evicted = new ArrayList<>();
        for (List<DeadLetter<? extends EventMessage<?>>> letters = lettersOf(queue, sequenceId); !letters.isEmpty();
             letters = lettersOf(queue, sequenceId)) {
            letters.forEach(queue::evict);
            evicted.addAll(letters);
        }
        return evicted;
    }

    private static List<DeadLetter<? extends EventMessage<?>>> lettersOf(
            SequencedDeadLetterQueue<EventMessage<?>> queue, String sequenceId) {
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(sequenceId).forEach(letters::add);
        return letters;
    }

    /** The queue of one processing group, holding at most {@code maxSequences} sequences of {@code maxSequenceSize}. */
    public static JdbcSequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup, Configuration axon,
                                                                     int maxSequences, int maxSequenceSize) {
        return JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(processingGroup)
                .connectionProvider(axon.getComponent(ConnectionProvider.class))
                .transactionManager(axon.getComponent(TransactionManager.class))
                .schema(SCHEMA)
                .statementFactory(new PagedByPosition(axon.serializer(), axon.eventSerializer()))
                .genericSerializer(axon.serializer())
                .eventSerializer(axon.eventSerializer())
                .maxSequences(maxSequences)
                .maxSequenceSize(maxSequenceSize)
                .pageSize(PAGE)
                .build();
    }

    /**
     * Axon 4.13.0's statements page the claimable sequences, and the letters of a sequence, by comparing the page's
     * offset with the letters' sequence index (AxonFramework#4544, fixed after 4.13.0), and a sequence's pages are
     * asked for as long as the largest sequence while the next one starts a page size further: past the first page,
     * an operator's retry of a sequence missed it when more than ten were parked, and a sequence of more than a page
     * was read with letters twice. These page by position, a page at a time, as Axon's JPA queue did.
     */
    private static final class PagedByPosition extends DefaultDeadLetterStatementFactory<EventMessage<?>> {

        PagedByPosition(Serializer genericSerializer, Serializer eventSerializer) {
            super(DefaultDeadLetterStatementFactory.<EventMessage<?>>builder().schema(SCHEMA)
                    .genericSerializer(genericSerializer).eventSerializer(eventSerializer));
        }

        @Override
        public PreparedStatement claimableSequencesStatement(Connection connection, String processingGroup,
                                                             Instant processingStartedLimit, int offset,
                                                             int maxSize) throws SQLException {
            PreparedStatement statement = connection.prepareStatement("""
                    SELECT * FROM dead_letter_entry dl
                    WHERE dl.processing_group = ?
                      AND dl.sequence_index = (SELECT min(first.sequence_index) FROM dead_letter_entry first
                                               WHERE first.processing_group = dl.processing_group
                                                 AND first.sequence_identifier = dl.sequence_identifier)
                      AND (dl.processing_started IS NULL OR dl.processing_started < ?)
                    ORDER BY dl.last_touched, dl.dead_letter_id
                    LIMIT ? OFFSET ?""");
            statement.setString(1, processingGroup);
            statement.setString(2, DateTimeUtils.formatInstant(processingStartedLimit));
            statement.setInt(3, maxSize);
            statement.setInt(4, offset);
            return statement;
        }

        /**
         * Whether the sequence is parked, its letters held until the transaction ends: a processor that sees a
         * sequence parked adds its event to it ({@code enqueueIfPresent}), so an eviction under way must end first,
         * and one that comes after must wait for the added letter ({@link #evictSequence}).
         */
        @Override
        public PreparedStatement containsStatement(Connection connection, String processingGroup, String sequenceId)
                throws SQLException {
            PreparedStatement statement = connection.prepareStatement("""
                    SELECT count(*) FROM (SELECT 1 FROM dead_letter_entry
                                          WHERE processing_group = ? AND sequence_identifier = ?
                                          FOR SHARE) letters""");
            statement.setString(1, processingGroup);
            statement.setString(2, sequenceId);
            return statement;
        }

        /** A page of the sequence: {@code maxSize} is the largest sequence, the offset moves by {@link #PAGE}. */
        @Override
        public PreparedStatement letterSequenceStatement(Connection connection, String processingGroup,
                                                         String sequenceId, int offset, int maxSize)
                throws SQLException {
            PreparedStatement statement = connection.prepareStatement("""
                    SELECT * FROM dead_letter_entry
                    WHERE processing_group = ? AND sequence_identifier = ?
                    ORDER BY sequence_index
                    LIMIT ? OFFSET ?""");
            statement.setString(1, processingGroup);
            statement.setString(2, sequenceId);
            statement.setInt(3, PAGE);
            statement.setInt(4, offset);
            return statement;
        }
    }
}
