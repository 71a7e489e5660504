package com.lealup.read.customer;

import static com.lealup.read.ReadModelDatabase.assertBatchesOfAnySizeGiveTheRows;
import static com.lealup.read.ReadModelDatabase.assertBatchesRedeliveredOverRowsGiveTheRows;
import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.ContactUpdated;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerDetail;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.customer.FindCustomerDetail;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthTrigger;
import com.lealup.read.ReadModelDatabase;
import com.lealup.read.health.HealthRows;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The customers projection in a processor's batches, where a batch's events are folded into one row per customer
 * and sent as multi-row statements ({@link BatchedWrites}): whatever the batches, the same rows as event by event.
 */
class BatchedWritesTest {

    private static final String WS = "wsp_batched_writes_test";
    private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    private final CustomerProjection projection = new CustomerProjection(jdbc,
            new JdbcTemplate(ReadModelDatabase.dataSource()), new ObjectMapper(), emitter,
            new CustomerQueries(jdbc, new HealthRows(new ObjectMapper())));
    /** Each event of the history, in order, as the processor would hand it to the projection. */
    private final List<Runnable> history = new ArrayList<>();
    /** Where cus_v's purge is in the history: a batch from there starts with a delete, not with a queued row. */
    private int purgeOfV;

    @BeforeEach
    void history() {
        clear();
        Map<String, Object> custom = new HashMap<>();
        custom.put("tier", "Platinum");
        custom.put("region", "EU");
        custom.put("empty", null);
        // cus_x: created, patched three times (custom fields merged and removed, fields cleared and set again),
        // scored out of order, trashed, restored, trashed again: its whole life in one batch when batches are long
        event(() -> projection.on(new CustomerCreated("cus_x", WS, new CustomerFields("Ñandú Corp", "NANDU.com",
                new BigDecimal("1000.50"), "EUR", "trial", "usr_1", "seg_1", LocalDate.parse("2027-01-01"), "pipeline",
                custom), T0), 0));
        event(() -> projection.on(health("cus_x", 2, 40)));
        event(() -> projection.on(new CustomerUpdated("cus_x", WS, new CustomerFields(null, "nandu.io", null, null,
                "active", null, null, null, null, mapOf("region", null, "seats", 12)),
                Set.of(CustomerFields.OWNER_ID, CustomerFields.SEGMENT_ID), T0.plusSeconds(10)), 1));
        // cus_y's events interleave with cus_x's
        event(() -> projection.on(created("cus_y", "y.com"), 0));
        event(() -> projection.on(new CustomerUpdated("cus_x", WS, new CustomerFields("Ñandú SA", null,
                new BigDecimal("2000"), "USD", null, "usr_2", null, null, "commit", mapOf("tier", "Gold")),
                Set.of(CustomerFields.RENEWAL_DATE), T0.plusSeconds(20)), 2));
        event(() -> projection.on(health("cus_x", 1, 90)));
        event(() -> projection.on(new CustomerDeleted("cus_y", WS, T0.plusSeconds(25), T0.plusSeconds(99)), 1));
        event(() -> projection.on(new CustomerDeleted("cus_x", WS, T0.plusSeconds(30), T0.plusSeconds(300)), 3));
        event(() -> projection.on(new CustomerRestored("cus_x", WS, T0.plusSeconds(40)), 4));
        event(() -> projection.on(new CustomerUpdated("cus_x", WS, new CustomerFields(null, null, null, null, null,
                null, "seg_2", LocalDate.parse("2028-03-03"), null, mapOf("tier", null)),
                Set.of(CustomerFields.SEGMENT_ID), T0.plusSeconds(50)), 5));
        event(() -> projection.on(health("cus_x", 3, 70)));
        event(() -> projection.on(new CustomerDeleted("cus_x", WS, T0.plusSeconds(60), T0.plusSeconds(600)), 6));
        // cus_z: scored before it exists (no row to score), then created, then scored
        event(() -> projection.on(health("cus_z", 1, 10)));
        event(() -> projection.on(created("cus_z", "z.com"), 0));
        event(() -> projection.on(health("cus_z", 2, 20)));
        // cus_w: a contact in the middle of its patches (the contact handlers read the row: the batch is sent first)
        event(() -> projection.on(created("cus_w", "w.com"), 0));
        event(() -> projection.on(update("cus_w", "W One", 10), 1));
        event(() -> projection.on(new ContactAdded("cus_w", WS, "con_w", new ContactFields("Ana", "ana@w.com", null,
                null, null), T0.plusSeconds(15)), 2));
        event(() -> projection.on(update("cus_w", "W Two", 20), 3));
        event(() -> projection.on(new ContactUpdated("cus_w", WS, "con_w", new ContactFields(null, null, "CTO", null,
                null), Set.of(), T0.plusSeconds(25)), 4));
        event(() -> projection.on(update("cus_w", "W Three", 30), 5));
        // cus_v: created, patched and purged in one batch: nothing of it stays
        event(() -> projection.on(created("cus_v", "v.com"), 0));
        event(() -> projection.on(update("cus_v", "V", 10), 1));
        purgeOfV = history.size();
        event(() -> projection.on(new CustomerPurged("cus_v", WS, T0.plusSeconds(20)), 2));
        // cus_u: created without custom fields, restored after a deletion, no patch
        event(() -> projection.on(new CustomerCreated("cus_u", WS, new CustomerFields("U", "u.com", BigDecimal.TEN,
                "USD", "active", null, null, null, "pipeline", null), T0), 0));
        event(() -> projection.on(new CustomerDeleted("cus_u", WS, T0.plusSeconds(5), T0.plusSeconds(50)), 1));
        event(() -> projection.on(new CustomerRestored("cus_u", WS, T0.plusSeconds(6)), 2));
    }

    @Test
    void batchesOfAnySizeGiveTheRowsOfEventByEvent() {
        history.forEach(Runnable::run);
        List<String> expected = allRows();
        assertThat(expected).as("rows of x, y, z, w, u and w's contact").hasSize(6);
        assertThat(jdbc.sql("SELECT custom_fields::text FROM customer_view WHERE id = 'cus_x'").query(String.class)
                .single()).isEqualTo("{\"seats\": 12}");
        assertBatchesOfAnySizeGiveTheRows(expected, BatchedWritesTest::allRows, this::clear, history.size(),
                this::inBatchesOf);
    }

    @Test
    void aBatchRedeliveredOverRowsPastSomeOfItsEventsAppliesTheRest() {
        history.forEach(Runnable::run);
        List<String> expected = allRows();
        // a first batch, then the events again from an earlier one in one batch: a customer's row is past part of
        // the second (with its creation in it, or only its patches)
        assertBatchesRedeliveredOverRowsGiveTheRows(expected, BatchedWritesTest::allRows, this::clear, history.size(),
                this::inBatchesOf, new int[] {5, 0}, new int[] {17, 0}, new int[] {5, 2});
    }

    @Test
    void aBatchSendsOneRowPerCustomerInTheOrderOfItsEvents() {
        inBatchesOf(history.size(), 0, history.size());
        assertThat(jdbc.sql("SELECT id, version, deleted_at IS NOT NULL AS trashed, health_score FROM customer_view "
                        + "WHERE workspace_id = ? ORDER BY id").params(WS).query().listOfRows())
                .extracting(r -> r.get("id") + " " + r.get("version") + " " + r.get("trashed") + " " + r.get("health_score"))
                .containsExactly("cus_u 3 false null", "cus_w 6 false null", "cus_x 7 true 70", "cus_y 2 true null",
                        "cus_z 1 false 20");
        assertThat(jdbc.sql("SELECT name, search_text, email_domain, owner_id, segment_id, renewal_date::text, "
                        + "currency, arr::text, forecast_category, status FROM customer_view WHERE id = 'cus_x'")
                .query().singleRow())
                .containsEntry("name", "Ñandú SA").containsEntry("search_text", "nandu sa nandu.io")
                .containsEntry("owner_id", "usr_2").containsEntry("segment_id", null)
                .containsEntry("renewal_date", "2028-03-03").containsEntry("currency", "USD")
                .containsEntry("arr", "2000.00").containsEntry("forecast_category", "commit")
                .containsEntry("status", "active");
    }

    /**
     * A write waiting on a customer gets the customer's detail once its batch is written, from one read for the batch
     * (its answer then needs none); a customer no longer live, or of another workspace, sends none.
     */
    @Test
    void aWriteWaitingOnACustomerGetsItsDetailOnceItsBatchIsWritten() {
        List<CustomerDetail> w = waitOn(WS, "cus_w");
        List<CustomerDetail> x = waitOn(WS, "cus_x");
        List<CustomerDetail> elsewhere = waitOn("wsp_other", "cus_u");

        inBatchesOf(history.size(), 0, history.size());

        assertThat(w).extracting(d -> d.customer().name() + " " + d.customer().version()).containsExactly("W Three 6");
        assertThat(x).as("in the trash at the batch's end").isEmpty();
        assertThat(elsewhere).isEmpty();

        clear();
        w.clear();
        history.forEach(Runnable::run);
        assertThat(w).as("outside a batch, after each event").extracting(d -> d.customer().version())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        clear();
        List<CustomerDetail> u = waitOn(WS, "cus_u");
        inBatchesOf(history.size(), 0, purgeOfV);
        u.clear();
        inBatchesOf(history.size(), purgeOfV, history.size());
        assertThat(u).as("cus_u's rows were queued after the purge: written before the read")
                .extracting(d -> d.customer().version()).containsExactly(3L);
    }

    private List<CustomerDetail> waitOn(String workspaceId, String customerId) {
        List<CustomerDetail> updates = new ArrayList<>();
        emitter.registerUpdateHandler(new GenericSubscriptionQueryMessage<>(
                        new FindCustomerDetail(workspaceId, customerId),
                        ResponseTypes.optionalInstanceOf(CustomerDetail.class),
                        ResponseTypes.instanceOf(CustomerDetail.class)), 16)
                .getUpdates().subscribe(update -> updates.add((CustomerDetail) update.getPayload()));
        return updates;
    }

    private void event(Runnable event) {
        history.add(event);
    }

    /** The events in batches as a tracking processor runs them: one batching unit of work each, committed. */
    private void inBatchesOf(int size, int from, int to) {
        for (int first = from; first < to; first += size) {
            BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(
                    GenericEventMessage.asEventMessage("batch from " + first));
            batch.start();
            history.subList(first, Math.min(to, first + size)).forEach(Runnable::run);
            batch.commit();
        }
    }

    private void clear() {
        jdbc.sql("DELETE FROM contact_view WHERE workspace_id = ?").params(WS).update();
        jdbc.sql("DELETE FROM customer_view WHERE workspace_id = ?").params(WS).update();
    }

    private static List<String> allRows() {
        List<String> rows = new ArrayList<>(rows("customer_view", "workspace_id = ?", WS));
        rows.addAll(rows("contact_view", "workspace_id = ?", WS));
        return rows;
    }

    private static CustomerCreated created(String id, String domain) {
        return new CustomerCreated(id, WS, new CustomerFields(id, domain, BigDecimal.ONE, "USD", "trial", null, null,
                null, "pipeline", Map.of("k", "v")), T0);
    }

    private static CustomerUpdated update(String id, String name, int seconds) {
        return new CustomerUpdated(id, WS, new CustomerFields(name, null, null, null, null, null, null, null, null,
                mapOf("k", name)), Set.of(), T0.plusSeconds(seconds));
    }

    private static HealthScoreCalculated health(String id, long calculation, int score) {
        return new HealthScoreCalculated(id, WS, calculation, score, score < 50 ? "at_risk" : "healthy", null, null, 1,
                List.of(), T0.plusSeconds(calculation), HealthTrigger.EVENTS);
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
