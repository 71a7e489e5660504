package com.lealup.app.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Snapshots of the {@link CustomerRecord} fold every {@code lealup.history.snapshot-interval} events of a customer
 * (1,000), in {@code customer_record_snapshot} (V29), so that an {@code as_of} fold reads only the events after the
 * latest snapshot at or before its instant (docs/customers.md, "Time travel"). A cache: the events stay the truth.
 * <ul>
 * <li>Written ahead of the reads by {@link CustomerRecordSnapshotProjection} when a customer's event at a snapshot's
 * place arrives, and by the {@code as_of} folds that pass a place without a snapshot (a customer whose snapshot the
 * processor has not written yet), once their query's unit of work has committed; such a failed write is logged and
 * the answer stands. Two folds writing the same one write the same state (the first stays).</li>
 * <li>Used only under the same {@link CustomerRecord#FOLD_VERSION}, when every event it folded is at or before the
 * instant ({@code folded_through}, rounded up to the column's microsecond), and if the event it stopped at is
 * still the one at that place of the stream (else the customer's snapshots are dropped). The instant is compared
 * down to the microsecond: a snapshot is never used for an instant before the latest of its events.</li>
 * <li>Its personal data is sealed with the customer's key (the event format): an erased customer's snapshots do not
 * open, and its folds neither read nor write any.</li>
 * </ul>
 */
@Component
class CustomerRecordSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerRecordSnapshots.class);

    private final JdbcClient jdbc;
    private final Serializer format;
    private final int interval;

    CustomerRecordSnapshots(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer format,
                            @Value("${lealup.history.snapshot-interval:1000}") int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("lealup.history.snapshot-interval must be at least 1: " + interval);
        }
        this.jdbc = jdbc;
        this.format = format;
        this.interval = interval;
    }

    /** Where a fold may start: the record after the event at {@code sequence}, whose identifier that event had. */
    record Start(long sequence, String eventIdentifier, CustomerRecord record) {
    }

    /** The latest usable snapshot of the customer whose events are all at or before {@code asOf}. */
    Optional<Start> latest(String customerId, Instant asOf) {
        return latest(customerId, "folded_through <= ?",
                // the instant down to the column's microsecond (the driver would round it to the nearest)
                OffsetDateTime.ofInstant(asOf.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** The latest usable snapshot of the customer taken at or before its event at {@code sequence}. */
    Optional<Start> latestThrough(String customerId, long sequence) {
        return latest(customerId, "sequence_number <= ?", sequence);
    }

    private Optional<Start> latest(String customerId, String bound, Object limit) {
        return jdbc.sql("""
                        SELECT sequence_number, event_identifier, record FROM customer_record_snapshot
                        WHERE customer_id = ? AND fold_version = ? AND %s
                        ORDER BY sequence_number DESC LIMIT 1""".formatted(bound))
                .params(customerId, CustomerRecord.FOLD_VERSION, limit)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getBytes(3)))
                .optional()
                .flatMap(stored -> open(customerId, stored.record())
                        .map(record -> new Start(stored.sequence(), stored.eventIdentifier(), record)));
    }

    private Optional<CustomerRecord> open(String customerId, byte[] stored) {
        try {
            return CustomerRecord.of(format.deserialize(new SimpleSerializedObject<>(stored, byte[].class,
                    CustomerRecord.Snapshot.class.getName(), null)));
        } catch (RuntimeException e) {
            LOG.warn("Could not read a snapshot of customer {}'s history; its fold reads its events", customerId, e);
            return Optional.empty();
        }
    }

    private record Stored(long sequence, String eventIdentifier, byte[] record) {
    }

    /** Whether the fold, having folded the event at {@code sequence}, is at a snapshot's place. */
    boolean due(long sequence) {
        return (sequence + 1) % interval == 0;
    }

    /** The record after the event at {@code sequence}, whose identifier is {@code eventIdentifier}. */
    record Taken(long sequence, String eventIdentifier, CustomerRecord.Snapshot snapshot) {
    }

    /** Stores the snapshots a fold took, once the query's unit of work has committed (its reads are done). */
    void save(List<Taken> taken) {
        if (taken.isEmpty()) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> write(taken));
        } else {
            write(taken);
        }
    }

    /**
     * Stores the snapshots in the current transaction (the processor's that writes them ahead of the reads): a failed
     * write fails the caller, whose event is then retried or dead-lettered.
     */
    void store(List<Taken> taken) {
        taken.forEach(this::insert);
    }

    /** Drops every snapshot of the customer: the stream they were taken from is not the one stored now. */
    void forget(String customerId) {
        jdbc.sql("DELETE FROM customer_record_snapshot WHERE customer_id = ?").param(customerId).update();
    }

    /** Drops every snapshot: the replay of {@link CustomerRecordSnapshotProjection} writes them again. */
    void forgetAll() {
        jdbc.sql("TRUNCATE customer_record_snapshot").update();
    }

    private void write(List<Taken> taken) {
        try {
            taken.forEach(this::insert);
        } catch (RuntimeException e) {
            LOG.warn("Could not store a snapshot of customer {}'s history; its folds read its events",
                    taken.get(0).snapshot().customerId(), e);
        }
    }

    private void insert(Taken t) {
        jdbc.sql("""
                        INSERT INTO customer_record_snapshot (customer_id, fold_version, sequence_number,
                            event_identifier, folded_through, record)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(t.snapshot().customerId(), CustomerRecord.FOLD_VERSION, t.sequence(), t.eventIdentifier(),
                        OffsetDateTime.ofInstant(roundedUp(t.snapshot().foldedThrough()), ZoneOffset.UTC),
                        format.serialize(t.snapshot(), byte[].class).getData())
                .update();
    }

    /** To the column's microsecond, upwards: a snapshot is never taken for earlier than its events. */
    private static Instant roundedUp(Instant at) {
        Instant micros = at.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(at) ? at : micros.plus(1, ChronoUnit.MICROS);
    }
}
