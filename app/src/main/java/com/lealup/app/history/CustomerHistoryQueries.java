package com.lealup.app.history;

import com.lealup.api.Actor;
import com.lealup.api.MetadataKeys;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerHistory;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.FindCustomerAsOf;
import com.lealup.api.customer.FindCustomerHistory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * A customer's audit trail and its past states, read from the event store itself (the customer aggregate's own
 * stream), not from a projection that could drift or be rebuilt differently. It lives in the app, the one module that
 * may both read the event store and answer queries (the command side answers none, the query side reads only
 * projected events); the http-api reaches it through the query gateway like any other query.
 * <p>
 * Another workspace's customer, an id that is not a customer and a customer purged before purges became erasures all
 * answer "not found". An erased customer keeps its history, its personal data read as {@code "[erased]"}.
 * <p>
 * An {@code as_of} fold starts from the latest snapshot of the record at or before its instant
 * ({@link CustomerRecordSnapshots}) and stores those it passes without one; the same fold writes them ahead of the
 * reads, for {@link CustomerRecordSnapshotProjection}. A history page after a cursor starts from the latest snapshot
 * at or before the cursor.
 */
@Component
class CustomerHistoryQueries {

    private final EventStore eventStore;
    private final CustomerRecordSnapshots snapshots;

    CustomerHistoryQueries(EventStore eventStore, CustomerRecordSnapshots snapshots) {
        this.eventStore = eventStore;
        this.snapshots = snapshots;
    }

    @QueryHandler
    CustomerHistory handle(FindCustomerHistory query) {
        Object last = lastEvent(query.customerId());
        if (purgedOrMissing(last)) {
            return CustomerHistory.notFound();
        }
        // a page after a cursor starts from the latest snapshot at or before it: the entries' old values need only
        // the record there, not every event before it
        Optional<CustomerRecordSnapshots.Start> start = query.afterSequence() == null || last instanceof CustomerErased
                ? Optional.empty()
                : snapshots.latestThrough(query.customerId(), query.afterSequence())
                        .filter(s -> query.workspaceId().equals(s.record().workspaceId()));
        Begun begun = begin(query.customerId(), start);
        CustomerRecord record = begun.record();
        DomainEventStream stream = begun.stream();
        List<CustomerHistory.Entry> entries = new ArrayList<>();
        while (stream.hasNext() && entries.size() <= query.limit()) {
            DomainEventMessage<?> message = stream.next();
            Object event = message.getPayload();
            if (message.getSequenceNumber() == 0 && !ofWorkspace(event, query.workspaceId())) {
                return CustomerHistory.notFound();
            }
            CustomerRecord.Applied applied = record.apply(event);
            if (applied == null
                    || (query.afterSequence() != null && message.getSequenceNumber() <= query.afterSequence())
                    || (!query.types().isEmpty() && !query.types().contains(applied.type()))) {
                continue;
            }
            MetaData metadata = message.getMetaData();
            entries.add(new CustomerHistory.Entry(message.getIdentifier(), message.getSequenceNumber(), applied.type(),
                    UtcTimestamps.toMicros(applied.at()), new Actor(text(metadata, MetadataKeys.ACTOR_TYPE), text(metadata, MetadataKeys.ACTOR_ID)),
                    text(metadata, MetadataKeys.TRACE_ID), applied.changes()));
        }
        return new CustomerHistory(record.workspaceId() != null, List.copyOf(entries));
    }

    @QueryHandler
    CustomerView handle(FindCustomerAsOf query) {
        Object last = lastEvent(query.customerId());
        if (purgedOrMissing(last)) {
            return null;
        }
        // an erased customer's snapshots no longer open (its key is gone) and new ones could not be sealed
        boolean snapshotted = !(last instanceof CustomerErased);
        Optional<CustomerRecordSnapshots.Start> start = snapshotted
                ? snapshots.latest(query.customerId(), query.asOf())
                        .filter(s -> query.workspaceId().equals(s.record().workspaceId()))
                : Optional.empty();
        List<CustomerRecordSnapshots.Taken> taken = new ArrayList<>();
        CustomerRecord record = fold(query.customerId(), start, query.workspaceId(), message -> {
            // at its microsecond: the instant a client read in created_at, updated_at or the history names the event
            Instant at = CustomerRecord.timeOf(message.getPayload());
            return at == null || !at.truncatedTo(ChronoUnit.MICROS).isAfter(query.asOf());
        }, snapshotted ? taken : null);
        if (record == null) {
            return null;
        }
        snapshots.save(taken);
        return record.exists() && !record.deleted() ? record.view() : null;
    }

    /**
     * Stores, in the caller's transaction, the snapshot after the customer's event at {@code sequence} (a snapshot's
     * place) and any missing before it, folding from the latest one stored before it: the snapshots written ahead of
     * the reads ({@link CustomerRecordSnapshotProjection}). Nothing for a customer erased or purged since, whose folds
     * write none.
     */
    void snapshotThrough(String customerId, long sequence) {
        Object last = lastEvent(customerId);
        if (purgedOrMissing(last) || last instanceof CustomerErased) {
            return;
        }
        Optional<CustomerRecordSnapshots.Start> start = snapshots.latestThrough(customerId, sequence);
        if (start.isPresent() && start.get().sequence() == sequence) {
            return;
        }
        List<CustomerRecordSnapshots.Taken> taken = new ArrayList<>();
        fold(customerId, start, null, message -> message.getSequenceNumber() <= sequence, taken);
        snapshots.store(taken);
    }

    /**
     * The record after the customer's events from {@code start} (or its first) as long as {@code within} accepts the
     * next one, adding to {@code taken} (when not null) the snapshots of the places it passes; null when its first
     * event is not a customer of {@code workspaceId} (when not null).
     */
    private CustomerRecord fold(String customerId, Optional<CustomerRecordSnapshots.Start> start, String workspaceId,
                                Predicate<DomainEventMessage<?>> within, List<CustomerRecordSnapshots.Taken> taken) {
        Begun begun = begin(customerId, start);
        CustomerRecord record = begun.record();
        DomainEventStream stream = begun.stream();
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getSequenceNumber() == 0 && workspaceId != null
                    && !ofWorkspace(message.getPayload(), workspaceId)) {
                return null;
            }
            if (!within.test(message)) {
                break;
            }
            record.apply(message.getPayload());
            if (taken != null && snapshots.due(message.getSequenceNumber())) {
                taken.add(new CustomerRecordSnapshots.Taken(message.getSequenceNumber(), message.getIdentifier(),
                        record.snapshot()));
            }
        }
        return record;
    }

    /** A fold's record and the events it has still to read. */
    private record Begun(CustomerRecord record, DomainEventStream stream) {
    }

    /** From the snapshot {@code start}, if there is one and it is still the stream's; else from the first event. */
    private Begun begin(String customerId, Optional<CustomerRecordSnapshots.Start> start) {
        DomainEventStream after = start.map(s -> eventsAfter(customerId, s)).orElse(null);
        return after != null ? new Begun(start.get().record(), after)
                : new Begun(new CustomerRecord(), eventStore.readEvents(customerId));
    }

    /**
     * The events after a snapshot's; null, and the customer's snapshots dropped, when the event it was taken at is
     * no longer the one at its place (a store restored or replaced under the cache).
     */
    private DomainEventStream eventsAfter(String customerId, CustomerRecordSnapshots.Start start) {
        DomainEventStream stream = eventStore.readEvents(customerId, start.sequence());
        if (stream.hasNext() && stream.peek().getIdentifier().equals(start.eventIdentifier())) {
            stream.next();
            return stream;
        }
        snapshots.forget(customerId);
        return null;
    }

    /** The customer's last event; null for a customer without events. */
    private Object lastEvent(String customerId) {
        Optional<Long> last = eventStore.lastSequenceNumberFor(customerId);
        if (last.isEmpty()) {
            return null;
        }
        DomainEventStream tail = eventStore.readEvents(customerId, last.get());
        return tail.hasNext() ? tail.next().getPayload() : null;
    }

    /** A customer without events, or whose last event purged it (it exists nowhere any more). */
    private static boolean purgedOrMissing(Object last) {
        return last == null || last instanceof CustomerPurged;
    }

    private static boolean ofWorkspace(Object first, String workspaceId) {
        return first instanceof CustomerCreated created && created.workspaceId().equals(workspaceId);
    }

    private static String text(MetaData metadata, String key) {
        Object value = metadata.get(key);
        return value == null ? null : value.toString();
    }
}
