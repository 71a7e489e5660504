package com.lealup.app.history;

import com.lealup.api.Actor;
import com.lealup.api.MetadataKeys;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.customer.CustomerAsOf;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerHistory;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.FindCustomerAsOf;
import com.lealup.api.customer.FindCustomerHistory;
import com.lealup.api.health.FindHealthChangeLog;
import com.lealup.api.health.HealthChangeLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * A customer's audit trail and its past states, read from the event store itself (the customer aggregate's own
 * stream), not from a projection that could drift or be rebuilt differently; the trail also lists the changes of
 * the customer's health score, which are not events of the aggregate (no stream of the customer holds them): those
 * are read, a page at a time, from the health-changes read model through the query gateway, and merged by time. It lives in the app, the one module that
 * may both read the event store and answer queries (the command side answers none, the query side reads only
 * projected events); the http-api reaches it through the query gateway like any other query.
 * <p>
 * Another workspace's customer, an id that is not a customer and a customer whose events end with a
 * {@code CustomerPurged} (a purge stored without an erasure) all answer "not found". An erased customer keeps its
 * history, its personal data read as {@code "[erased]"}.
 * <p>
 * An {@code as_of} fold starts from the latest snapshot of the record at or before its instant
 * ({@link CustomerRecordSnapshots}) and stores those it passes without one; the same fold writes them ahead of the
 * reads, for {@link CustomerRecordSnapshotProjection}. A history page after a cursor starts from the latest snapshot
 * at or before the cursor.
 */
@Component
class CustomerHistoryQueries {

    /**
     * The characters of changed values a page holds at most: it ends before the entry that would pass them (one entry
     * at least), as a page of events ends at its byte budget. 200 entries of a customer's 100 longest custom fields
     * changed hold 40 million characters, a page of half a gigabyte that a few concurrent reads would hold in memory.
     */
    static final long MAX_PAGE_TEXT = 1_000_000;

    private final EventStore eventStore;
    private final CustomerRecordSnapshots snapshots;
    private final QueryGateway queryGateway;

    CustomerHistoryQueries(EventStore eventStore, CustomerRecordSnapshots snapshots, QueryGateway queryGateway) {
        this.eventStore = eventStore;
        this.snapshots = snapshots;
        this.queryGateway = queryGateway;
    }

    @QueryHandler
    Optional<CustomerHistory> handle(FindCustomerHistory query) {
        Object last = lastEvent(query.customerId());
        if (purgedOrMissing(last)) {
            return Optional.empty();
        }
        Set<String> types = query.types();
        boolean ownEvents = types.isEmpty() || types.stream().anyMatch(CustomerHistory.CUSTOMER_TYPES::contains);
        // an erased customer's scores are gone from the read model (gdpr-erasure.md): its history is its own events
        boolean scores = (types.isEmpty() || types.contains(CustomerHistory.CUSTOMER_HEALTH_CHANGED))
                && !(last instanceof CustomerErased);
        int wanted = query.limit() + 1;
        OwnEvents own;
        if (ownEvents) {
            // a page after a cursor starts from the latest snapshot at or before it: the entries' old values need
            // only the record there, not every event before it
            Optional<CustomerRecordSnapshots.Start> start = query.afterSequence() == null
                    || last instanceof CustomerErased
                    ? Optional.empty()
                    : snapshots.latestThrough(query.customerId(), query.afterSequence())
                            .filter(s -> query.workspaceId().equals(s.record().workspaceId()));
            own = new OwnEvents(begin(query.customerId(), start), query);
        } else {
            // the scores alone: the customer's first event tells whose it is, no fold is needed
            DomainEventStream stream = eventStore.readEvents(query.customerId());
            if (!stream.hasNext() || !ofWorkspace(stream.next().getPayload(), query.workspaceId())) {
                return Optional.empty();
            }
            own = null;
        }
        // at most a page of scores after the cursor's, read from the health-changes read model (one range of its key)
        List<HealthChangeLog.Entry> scoreRows = scores
                ? queryGateway.query(new FindHealthChangeLog(query.workspaceId(), query.customerId(),
                        query.afterCalculation(), wanted), ResponseTypes.instanceOf(HealthChangeLog.class)).join().rows()
                : List.of();
        // merged by time, each source in its own order; at a tie the customer's event comes first (a score follows
        // what caused it)
        Long sequence = query.afterSequence();
        long calculation = query.afterCalculation();
        int nextScore = 0;
        int pageSize = query.limit();
        long text = 0;
        List<CustomerHistory.Entry> entries = new ArrayList<>();
        while (entries.size() <= pageSize) {
            Own next = own == null ? null : own.peek();
            if (own != null && own.foreign) {
                return Optional.empty();
            }
            HealthChangeLog.Entry score = nextScore < scoreRows.size() ? scoreRows.get(nextScore) : null;
            if (next == null && score == null) {
                break;
            }
            CustomerHistory.Entry entry;
            if (next == null || (score != null && score.calculatedAt().isBefore(next.occurredAt()))) {
                calculation = score.calculation();
                entry = scoreEntry(score, new CustomerHistory.Position(sequence, calculation));
                nextScore++;
            } else {
                sequence = next.message().getSequenceNumber();
                entry = ownEntry(next, new CustomerHistory.Position(sequence, calculation));
                own.taken();
            }
            if (entries.size() < pageSize) {
                text += textOf(entry);
                if (text > MAX_PAGE_TEXT && !entries.isEmpty()) {
                    // this entry opens the next page
                    pageSize = entries.size();
                }
            }
            entries.add(entry);
        }
        if (own != null && (own.foreign || own.record.workspaceId() == null)) {
            return Optional.empty();
        }
        return Optional.of(new CustomerHistory(List.copyOf(entries), pageSize));
    }

    /** The characters of an entry's changed values, which make the size of its answer. */
    private static long textOf(CustomerHistory.Entry entry) {
        long text = 0;
        for (CustomerHistory.FieldChange change : entry.changes().values()) {
            text += String.valueOf(change.oldValue()).length() + String.valueOf(change.newValue()).length();
        }
        return text;
    }

    /** An event of the customer's stream to list, with what it applied to the record. */
    private record Own(DomainEventMessage<?> message, CustomerRecord.Applied applied) {

        Instant occurredAt() {
            return UtcTimestamps.toMicros(applied.at());
        }
    }

    /**
     * The customer's events to list, read one at a time as the merge asks, each folded into the record: those after
     * the query's sequence, of its types. {@code foreign} once the stream shows another workspace's customer.
     */
    private static final class OwnEvents {

        private final CustomerRecord record;
        private final DomainEventStream stream;
        private final FindCustomerHistory query;
        private Own next;
        private boolean foreign;

        OwnEvents(Begun begun, FindCustomerHistory query) {
            this.record = begun.record();
            this.stream = begun.stream();
            this.query = query;
        }

        Own peek() {
            while (next == null && !foreign && stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                Object event = message.getPayload();
                if (message.getSequenceNumber() == 0 && !ofWorkspace(event, query.workspaceId())) {
                    foreign = true;
                    return null;
                }
                CustomerRecord.Applied applied = record.apply(event);
                if (applied == null
                        || (query.afterSequence() != null && message.getSequenceNumber() <= query.afterSequence())
                        || (!query.types().isEmpty() && !query.types().contains(applied.type()))) {
                    continue;
                }
                next = new Own(message, applied);
            }
            return next;
        }

        void taken() {
            next = null;
        }
    }

    private static CustomerHistory.Entry ownEntry(Own own, CustomerHistory.Position position) {
        DomainEventMessage<?> message = own.message();
        MetaData metadata = message.getMetaData();
        return new CustomerHistory.Entry(message.getIdentifier(), message.getSequenceNumber() + 1,
                own.applied().type(), own.occurredAt(),
                new Actor(text(metadata, MetadataKeys.ACTOR_TYPE), text(metadata, MetadataKeys.ACTOR_ID)),
                text(metadata, MetadataKeys.TRACE_ID), own.applied().changes(), position);
    }

    /**
     * A change of score: the system's scoring is its actor, its time the calculation's (stored to the microsecond),
     * no version (the customer's is not changed by a score); the score and status that changed.
     */
    private static CustomerHistory.Entry scoreEntry(HealthChangeLog.Entry score, CustomerHistory.Position position) {
        Map<String, CustomerHistory.FieldChange> changes = new LinkedHashMap<>();
        if (!Objects.equals(score.previousScore(), score.score())) {
            changes.put(CustomerHistory.HEALTH_SCORE, new CustomerHistory.FieldChange(score.previousScore(),
                    score.score()));
        }
        if (!Objects.equals(score.previousStatus(), score.status())) {
            changes.put(CustomerHistory.HEALTH_STATUS, new CustomerHistory.FieldChange(score.previousStatus(),
                    score.status()));
        }
        return new CustomerHistory.Entry(score.eventId(), null, CustomerHistory.CUSTOMER_HEALTH_CHANGED,
                UtcTimestamps.toMicros(score.calculatedAt()), CustomerHistory.HEALTH_SCORING, score.traceId(),
                changes, position);
    }

    @QueryHandler
    Optional<CustomerAsOf> handle(FindCustomerAsOf query) {
        Optional<Long> lastSequence = eventStore.lastSequenceNumberFor(query.customerId());
        Object last = lastSequence.map(sequence -> lastEvent(query.customerId(), sequence)).orElse(null);
        if (purgedOrMissing(last)) {
            return Optional.empty();
        }
        // an erased customer's snapshots no longer open (its key is gone) and new ones could not be sealed
        boolean snapshotted = !(last instanceof CustomerErased);
        Optional<CustomerRecordSnapshots.Start> start = snapshotted
                ? snapshots.latest(query.customerId(), query.asOf())
                        .filter(s -> query.workspaceId().equals(s.record().workspaceId()))
                : Optional.empty();
        List<CustomerRecordSnapshots.Taken> taken = new ArrayList<>();
        CustomerRecord record = fold(query.customerId(), start, query.workspaceId(), message -> {
            // at the microsecond the API shows it: the instant a client read in created_at, updated_at or the history
            // names the event, and an event shown after as_of is not in the customer as of then
            Instant at = CustomerRecord.timeOf(message.getPayload());
            return at == null || !UtcTimestamps.toMicros(at).isAfter(query.asOf());
        }, snapshotted ? taken : null);
        if (record == null) {
            return Optional.empty();
        }
        snapshots.save(taken);
        // the version is the count of the customer's events, as the aggregate's
        return record.exists() && !record.deleted()
                ? Optional.of(new CustomerAsOf(record.view(), lastSequence.get() + 1))
                : Optional.empty();
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
        return eventStore.lastSequenceNumberFor(customerId).map(sequence -> lastEvent(customerId, sequence)).orElse(null);
    }

    private Object lastEvent(String customerId, long sequence) {
        DomainEventStream tail = eventStore.readEvents(customerId, sequence);
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
