package com.lealup.read.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.ContactRemoved;
import com.lealup.api.customer.ContactUpdated;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerDetail;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.customer.FindCustomerDetail;
import com.lealup.api.customer.FindCustomerVersion;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.projections.ProcessorBatch;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The customers read model: {@code customer_view} and {@code contact_view}. Each row carries the version
 * (number of events) of its customer; every write is guarded by it, so a redelivered event changes
 * nothing and a replay gives the same rows. After each event it tells subscribers of
 * {@link FindCustomerVersion} the version it now shows; once a batch's rows are written, it sends subscribers of
 * {@link FindCustomerDetail} (a write of the customer waiting for its answer) the customers' new details, read in one
 * statement for the whole batch.
 */
@Component
@ProcessingGroup(CustomerProjection.PROCESSING_GROUP)
@ReadModelTables({"customer_view", "contact_view"})
class CustomerProjection {

    static final String PROCESSING_GROUP = "customers";

    private final JdbcClient jdbc;
    private final BatchedWrites writes;
    private final QueryUpdateEmitter emitter;
    private final CustomerQueries queries;
    /** The customers the batch changed, whose details go to the writes waiting on them just before it commits. */
    private final ProcessorBatch<Set<String>> changed = new ProcessorBatch<>("customers-changed", HashSet::new,
            customerIds -> {
                try {
                    showDetails(customerIds);
                } finally {
                    customerIds.clear();
                }
            });

    CustomerProjection(JdbcClient jdbc, JdbcTemplate jdbcTemplate, ObjectMapper json, QueryUpdateEmitter emitter,
                       CustomerQueries queries) {
        this.jdbc = jdbc;
        this.writes = new BatchedWrites(jdbcTemplate, json);
        this.emitter = emitter;
        this.queries = queries;
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        writes.change(event.customerId(), true, c -> c.create(event, sequence + 1));
        announce(event.customerId(), sequence);
    }

    /** Only what changed: custom fields merge key by key (a null value removes its key), see {@link CustomerChange}. */
    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        writes.change(event.customerId(), false, c -> c.update(event, sequence + 1));
        announce(event.customerId(), sequence);
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        writes.change(event.customerId(), false, c -> c.delete(event, sequence + 1));
        announce(event.customerId(), sequence);
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        writes.change(event.customerId(), false, c -> c.restore(event, sequence + 1));
        announce(event.customerId(), sequence);
    }

    @EventHandler
    void on(CustomerPurged event, @SequenceNumber long sequence) {
        forget(event.customerId(), sequence);
    }

    @EventHandler
    void on(CustomerErased event, @SequenceNumber long sequence) {
        forget(event.customerId(), sequence);
    }

    private void forget(String customerId, long sequence) {
        // queued writes of this batch go first: a queued insert must not bring the customer back
        writes.flush();
        jdbc.sql("DELETE FROM contact_view WHERE customer_id = ?").params(customerId).update();
        jdbc.sql("DELETE FROM customer_view WHERE id = ?").params(customerId).update();
        announce(customerId, sequence);
    }

    @EventHandler
    void on(ContactAdded event, @SequenceNumber long sequence) {
        if (bumpCustomerVersion(event.customerId(), sequence, event.addedAt())) {
            ContactFields f = event.fields();
            jdbc.sql("""
                            INSERT INTO contact_view (id, customer_id, workspace_id, name, email, title, is_champion,
                                whatsapp_number, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                    .params(event.contactId(), event.customerId(), event.workspaceId(), f.name(), f.email(), f.title(),
                            Boolean.TRUE.equals(f.isChampion()), f.whatsappNumber(), Timestamp.from(event.addedAt()),
                            Timestamp.from(event.addedAt()))
                    .update();
        }
        announce(event.customerId(), sequence);
    }

    @EventHandler
    void on(ContactUpdated event, @SequenceNumber long sequence) {
        if (bumpCustomerVersion(event.customerId(), sequence, event.updatedAt())) {
            ContactFields c = event.changes();
            jdbc.sql("""
                            UPDATE contact_view SET name = COALESCE(:name, name), email = COALESCE(:email, email),
                                title = CASE WHEN :clearTitle THEN NULL ELSE COALESCE(:title, title) END,
                                is_champion = COALESCE(:champion, is_champion),
                                whatsapp_number = CASE WHEN :clearWhatsapp THEN NULL
                                                       ELSE COALESCE(:whatsapp, whatsapp_number) END,
                                updated_at = :at
                            WHERE id = :id""")
                    .param("id", event.contactId())
                    .param("name", c.name())
                    .param("email", c.email())
                    .param("clearTitle", event.cleared().contains(ContactFields.TITLE))
                    .param("title", c.title())
                    .param("champion", c.isChampion())
                    .param("clearWhatsapp", event.cleared().contains(ContactFields.WHATSAPP_NUMBER))
                    .param("whatsapp", c.whatsappNumber())
                    .param("at", Timestamp.from(event.updatedAt()))
                    .update();
        }
        announce(event.customerId(), sequence);
    }

    @EventHandler
    void on(ContactRemoved event, @SequenceNumber long sequence) {
        if (bumpCustomerVersion(event.customerId(), sequence, event.removedAt())) {
            jdbc.sql("DELETE FROM contact_view WHERE id = ?").params(event.contactId()).update();
        }
        announce(event.customerId(), sequence);
    }

    /** The current health, for the list filter and sort; not a change of the customer (its version stays). */
    @EventHandler
    void on(HealthScoreCalculated event) {
        writes.change(event.customerId(), false, c -> c.health(event));
    }

    @ResetHandler
    void reset() {
        writes.flush();
        jdbc.sql("TRUNCATE contact_view, customer_view").update();
    }

    /** Moves the customer to the event's version; false when the event was already applied (redelivery). */
    private boolean bumpCustomerVersion(String customerId, long sequence, Instant at) {
        writes.flush();
        return jdbc.sql("UPDATE customer_view SET version = ?, updated_at = ? WHERE id = ? AND version < ?")
                .params(sequence + 1, Timestamp.from(at), customerId, sequence + 1)
                .update() == 1;
    }

    private void announce(String customerId, long sequence) {
        emitter.emit(FindCustomerVersion.class, q -> q.customerId().equals(customerId), sequence + 1);
        Set<String> batch = changed.queue();
        if (batch == null) {
            showDetails(Set.of(customerId));
        } else {
            batch.add(customerId);
        }
    }

    /**
     * The details of the changed customers that a write waits on, emitted after the commit to its subscription: its
     * answer then needs no read. Nothing is read when no one waits (a replay, a write of another node). The batch's
     * queued rows are written first, whichever of the two queues registered first.
     */
    private void showDetails(Set<String> changedIds) {
        Set<String> waitedOn = new HashSet<>();
        for (SubscriptionQueryMessage<?, ?, ?> subscription : emitter.activeSubscriptions()) {
            if (subscription.getPayload() instanceof FindCustomerDetail query && changedIds.contains(query.customerId())) {
                waitedOn.add(query.customerId());
            }
        }
        if (waitedOn.isEmpty()) {
            return;
        }
        writes.flush();
        List<CustomerDetail> details = queries.details(waitedOn);
        afterCommit(() -> details.forEach(detail -> emitter.emit(FindCustomerDetail.class,
                q -> q.customerId().equals(detail.customer().id())
                        && q.workspaceId().equals(detail.customer().workspaceId()), detail)));
    }

    /**
     * The emitter delays an update to the commit only from a handler: a batch's details are emitted from its
     * prepare-commit, and emitted then, the write waiting on them answered before the rows were committed (a task
     * created at once for the new customer found no customer).
     */
    private static void afterCommit(Runnable emission) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase().isBefore(UnitOfWork.Phase.AFTER_COMMIT)) {
            CurrentUnitOfWork.get().afterCommit(unit -> emission.run());
        } else {
            emission.run();
        }
    }
}
