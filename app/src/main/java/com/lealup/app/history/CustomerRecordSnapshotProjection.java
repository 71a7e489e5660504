package com.lealup.app.history;

import com.lealup.api.projections.Lingers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Writes the snapshots of the {@code as_of} fold ({@link CustomerRecordSnapshots}) ahead of the reads, so that even
 * the first {@code as_of} of a customer reads at most an interval of events less one: when a customer's event at a
 * snapshot's place arrives, it folds from the latest snapshot before it (at most an interval of events) and stores the
 * snapshot in its own transaction ({@code ON CONFLICT DO NOTHING}: a fold of a read, another node, a redelivery may
 * have written it). Any other event costs a modulo: it reads neither the event's payload nor the database.
 * <p>
 * A projection of the query role that lives in the app, since it reads the event store ({@code Role}). The snapshots
 * are a cache, so a replay empties them and writes them again from the first event (reads meanwhile fold from the
 * events, writing what they pass); a database without this processor's token starts it at the first event too,
 * writing the snapshots of every customer's past.
 */
@Component
@ProcessingGroup("customer-record-snapshots")
@Lingers
class CustomerRecordSnapshotProjection {

    /** The aggregate type of the customer's events (the command side's {@code Customer}). */
    private static final String CUSTOMER = "Customer";

    private final CustomerHistoryQueries history;
    private final CustomerRecordSnapshots snapshots;

    CustomerRecordSnapshotProjection(CustomerHistoryQueries history, CustomerRecordSnapshots snapshots) {
        this.history = history;
        this.snapshots = snapshots;
    }

    /** Takes the message, not its payload: the payload of the ordinary event is never read. */
    @EventHandler
    void on(DomainEventMessage<?> event) {
        if (snapshots.due(event.getSequenceNumber()) && CUSTOMER.equals(event.getType())) {
            history.snapshotThrough(event.getAggregateIdentifier(), event.getSequenceNumber());
        }
    }

    @ResetHandler
    void reset() {
        snapshots.forgetAll();
    }
}
