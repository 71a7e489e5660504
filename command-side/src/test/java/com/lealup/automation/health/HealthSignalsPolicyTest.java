package com.lealup.automation.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthThresholds;
import com.lealup.api.health.HealthTrigger;
import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.usage.CustomerUsage;
import com.lealup.api.usage.UsageEventTypes;
import com.lealup.api.usage.UsageRecorded;
import com.lealup.testing.TestDatabase;
import com.lealup.write.health.HealthSignalsPort;
import com.lealup.write.health.HealthSignalsPort.DirtyCustomer;
import com.lealup.write.health.HealthSignalStores;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The health signals from the events, on the real tables: what they count, once, and whom they mark for rescoring. */
class HealthSignalsPolicyTest {

    private static final String WS = "wsp_signals_test";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    /** The trace id of the request of an event (a recorded batch's is {@code trace_<position>}). */
    private static final String TRACE = "trace_request";

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final HealthSignalsPort store = HealthSignalStores.on(jdbc, group -> false);
    private final HealthSignalsPolicy policy = new HealthSignalsPolicy(store);

    @BeforeEach
    void empty() {
        policy.reset();
    }

    private static CustomerFields custom(Map<String, Object> customFields) {
        return new CustomerFields("Acme", "acme.com", BigDecimal.ONE, "USD", "active", null, null, null, "pipeline",
                customFields);
    }

    private static CustomerUsage usage(String customerId, Integer nps, Instant npsAt, int highTickets) {
        return new CustomerUsage(customerId, Map.of("login", 3, "nps.response", nps == null ? 0 : 1, UsageEventTypes.TICKET_OPENED,
                highTickets), Map.of(LocalDate.parse("2026-11-19"), 1, LocalDate.parse("2026-11-20"), 2), T0, nps, npsAt,
                new CustomerUsage.TicketCounts(0, 0, highTickets, 0), 0);
    }

    private void recorded(long position, CustomerUsage... customers) {
        policy.on(new UsageRecorded(WS, "bat_" + position, T0, List.of(customers)),
                new GlobalSequenceTrackingToken(position), "trace_" + position);
    }

    private Map<String, Object> signal(String customerId) {
        return jdbc.sql("SELECT * FROM health_signal WHERE customer_id = ?").params(customerId).query().singleRow();
    }

    @Test
    void seatsComeFromTheCustomFieldAndOnlyAWholePositiveNumberCounts() {
        policy.on(new CustomerCreated("cus_a", WS, custom(Map.of("seats", 25)), T0), TRACE);
        policy.on(new CustomerCreated("cus_b", WS, custom(Map.of("seats", new BigDecimal("2.5"))), T0), TRACE);
        assertThat(signal("cus_a")).containsEntry("seats", 25L).containsEntry("dirty", false);
        assertThat(signal("cus_b")).containsEntry("seats", null);

        policy.on(new CustomerUpdated("cus_a", WS, custom(Map.of("tier", "Gold")), Set.of(), T0), TRACE);
        assertThat(signal("cus_a")).as("an update without seats changes nothing").containsEntry("seats", 25L)
                .containsEntry("dirty", false);
        policy.on(new CustomerUpdated("cus_a", WS, custom(Map.of("seats", 40)), Set.of(), T0), TRACE);
        assertThat(signal("cus_a")).containsEntry("seats", 40L).containsEntry("dirty", true);
    }

    @Test
    void seatsAreReadExactlyForEveryNumberTheApiAccepts() {
        Map<Object, Long> seatsOf = new LinkedHashMap<>();
        seatsOf.put(4_294_967_297L, 4_294_967_297L);
        seatsOf.put(4_294_967_296L, 4_294_967_296L);
        seatsOf.put(999_999_999_999_999L, 999_999_999_999_999L);
        seatsOf.put(new BigDecimal("12.000"), 12L);
        seatsOf.put(new BigDecimal("999999999999999.0000000001"), null); // a double would call it whole
        seatsOf.put(new BigDecimal("0.9999999999"), null);
        seatsOf.put(0, null);
        seatsOf.put(-3, null);
        seatsOf.put("25", null);
        int n = 0;
        for (Map.Entry<Object, Long> seats : seatsOf.entrySet()) {
            String customer = "cus_seats_" + n++;
            policy.on(new CustomerCreated(customer, WS, custom(Map.of("seats", seats.getKey())), T0), TRACE);
            assertThat(signal(customer)).as("seats %s", seats.getKey()).containsEntry("seats", seats.getValue());
        }
    }

    @Test
    void aBatchCountsOnceHoweverOftenItIsDelivered() {
        recorded(10, usage("cus_a", 9, T0, 2), usage("cus_b", null, null, 0));
        recorded(10, usage("cus_a", 9, T0, 2), usage("cus_b", null, null, 0));

        assertThat(signal("cus_a")).containsEntry("nps_score", 9).containsEntry("tickets_high", 2L)
                .containsEntry("activity_seen", true).containsEntry("support_seen", true).containsEntry("dirty", true)
                .containsEntry("applied_position", 10L);
        assertThat(jdbc.sql("SELECT sum(events) FROM health_activity_day WHERE customer_id = 'cus_a'")
                .query(Long.class).single()).isEqualTo(3);

        recorded(12, usage("cus_a", 3, T0.minusSeconds(3600), 1));
        assertThat(signal("cus_a")).as("an older NPS answer does not replace a newer one").containsEntry("nps_score", 9)
                .containsEntry("tickets_high", 3L).containsEntry("applied_position", 12L);
    }

    /**
     * About 2^31 tickets or overdue invoices of a customer, or activity events of one of its days (and as many
     * tickets closed that were never opened): counted on past an int, where the update failed and parked the batch.
     */
    @Test
    void countsGoOnPastTheIntRange() {
        long nearTheBound = Integer.MAX_VALUE - 9L;
        LocalDate day = LocalDate.parse("2026-11-20");
        recorded(70, usage("cus_busy", null, null, 1));
        jdbc.sql("""
                        UPDATE health_signal SET tickets_low = ?, tickets_normal = ?, tickets_high = ?, tickets_urgent = ?,
                            invoices_overdue = ? WHERE customer_id = 'cus_busy'""")
                .params(-nearTheBound, nearTheBound, nearTheBound, nearTheBound, nearTheBound).update();
        jdbc.sql("UPDATE health_activity_day SET events = ? WHERE customer_id = 'cus_busy' AND day = ?")
                .params(nearTheBound, day).update();

        recorded(71, new CustomerUsage("cus_busy", Map.of("login", 20, UsageEventTypes.TICKET_OPENED, 60,
                UsageEventTypes.TICKET_CLOSED, 20, UsageEventTypes.INVOICE_OVERDUE, 20), Map.of(day, 20), null, null,
                null, new CustomerUsage.TicketCounts(-20, 20, 20, 20), 20));

        long beyond = nearTheBound + 20;
        assertThat(signal("cus_busy")).containsEntry("tickets_low", -beyond).containsEntry("tickets_normal", beyond)
                .containsEntry("tickets_high", beyond).containsEntry("tickets_urgent", beyond)
                .containsEntry("invoices_overdue", beyond).containsEntry("applied_position", 71L);
        assertThat(jdbc.sql("SELECT events FROM health_activity_day WHERE customer_id = 'cus_busy' AND day = ?")
                .params(day).query(Long.class).single()).isEqualTo(beyond);
    }

    @Test
    void aCompletedTaskIsATouchpointAndAModelChangeMarksTheWholeWorkspace() {
        policy.on(new CustomerCreated("cus_a", WS, custom(null), T0), TRACE);
        policy.on(new CustomerCreated("cus_b", WS, custom(null), T0), TRACE);
        policy.on(new CustomerCreated("cus_other", "wsp_other", custom(null), T0), TRACE);

        policy.on(new TaskCompleted("tsk_1", WS, "cus_a", "resolved", null, T0.plusSeconds(60)), TRACE);
        assertThat(((Timestamp) signal("cus_a").get("last_touchpoint_at")).toInstant()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.dirty(10)).extracting(HealthSignalsPort.DirtyCustomer::customerId).containsExactly("cus_a");

        policy.on(new HealthModelChanged(WS, 2, List.of(new DimensionSetting("nps", true, 50)),
                new HealthThresholds(70, 40), T0), TRACE);
        assertThat(store.dirty(10)).extracting(HealthSignalsPort.DirtyCustomer::customerId)
                .containsExactly("cus_a", "cus_b");
    }

    @Test
    void aMarkKeepsTheTraceOfTheLatestRequestOfTheCauseItsTriggerReports() {
        jdbc.sql("DELETE FROM health_daily_run").update();
        policy.on(new CustomerCreated("cus_a", WS, custom(null), T0), TRACE);
        recorded(5, usage("cus_a", 7, T0, 0));
        recorded(6, usage("cus_a", 8, T0, 0));
        assertThat(onlyMark()).extracting(DirtyCustomer::trigger, DirtyCustomer::traceId)
                .containsExactly(HealthTrigger.EVENTS, "trace_6");

        policy.on(new HealthModelChanged(WS, 2, List.of(new DimensionSetting("nps", true, 50)),
                new HealthThresholds(70, 40), T0), "trace_model");
        policy.on(new TaskCompleted("tsk_1", WS, "cus_a", "resolved", null, T0), "trace_task");
        policy.on(new CustomerUpdated("cus_a", WS, custom(Map.of("seats", 40)), Set.of(), T0), "trace_seats");
        recorded(7, usage("cus_a", 9, T0, 0));
        assertThat(store.runDailyIfDue(LocalDate.parse("2026-11-21"))).isTrue();
        assertThat(onlyMark()).as("a model change is the trigger, and its trace stays")
                .extracting(DirtyCustomer::trigger, DirtyCustomer::traceId)
                .containsExactly(HealthTrigger.MODEL_CHANGE, "trace_model");

        HealthSignalStores.rescored(store, new RescoreMarkedCustomers(WS, List.of(onlyMark().mark())));
        assertThat(store.runDailyIfDue(LocalDate.parse("2026-11-22"))).isTrue();
        assertThat(onlyMark()).as("cleared with the mark; no request marks a daily run")
                .extracting(DirtyCustomer::trigger, DirtyCustomer::traceId).containsExactly(HealthTrigger.DAILY, null);
        policy.on(new TaskCompleted("tsk_2", WS, "cus_a", "resolved", null, T0), "trace_task");
        assertThat(onlyMark()).extracting(DirtyCustomer::trigger, DirtyCustomer::traceId)
                .containsExactly(HealthTrigger.EVENTS, "trace_task");
        policy.on(new CustomerUpdated("cus_a", WS, custom(Map.of("seats", 41)), Set.of(), T0), "trace_seats");
        assertThat(onlyMark().traceId()).isEqualTo("trace_seats");
    }

    /**
     * A replay passes events again that their requests' scores already counted: whatever its marks rescore is a
     * recomputation at the time, reported as the daily run's, not as the trigger and the trace of an old request.
     */
    @Test
    void aReplayedEventMarksItsCustomerAsTheDailyRunDoes() {
        jdbc.sql("DELETE FROM health_daily_run").update();
        TrackingToken replayed = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(100),
                new GlobalSequenceTrackingToken(0));
        new BatchingUnitOfWork<>(List.of(new GenericTrackedEventMessage<>(replayed,
                GenericEventMessage.asEventMessage("replayed")))).execute(() -> {
            policy.on(new CustomerCreated("cus_a", WS, custom(null), T0), TRACE);
            policy.on(new CustomerUpdated("cus_a", WS, custom(Map.of("seats", 40)), Set.of(), T0), "trace_seats");
            recorded(5, usage("cus_a", 7, T0, 0));
            policy.on(new TaskCompleted("tsk_1", WS, "cus_a", "resolved", null, T0), "trace_task");
            policy.on(new HealthModelChanged(WS, 2, List.of(new DimensionSetting("nps", true, 50)),
                    new HealthThresholds(70, 40), T0), "trace_model");
        });
        assertThat(onlyMark()).extracting(DirtyCustomer::trigger, DirtyCustomer::traceId)
                .containsExactly(HealthTrigger.DAILY, null);

        recorded(6, usage("cus_a", 8, T0, 0));
        assertThat(onlyMark()).as("a live event past the replay").extracting(DirtyCustomer::trigger,
                DirtyCustomer::traceId).containsExactly(HealthTrigger.EVENTS, "trace_6");
    }

    private DirtyCustomer onlyMark() {
        List<DirtyCustomer> marks = store.dirty(10);
        assertThat(marks).hasSize(1);
        return marks.get(0);
    }

    @Test
    void aPurgedCustomerIsForgotten() {
        recorded(5, usage("cus_a", 7, T0, 0));
        policy.on(new CustomerPurged("cus_a", WS, T0));
        assertThat(jdbc.sql("SELECT count(*) FROM health_signal WHERE customer_id = 'cus_a'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM health_activity_day WHERE customer_id = 'cus_a'").query(Long.class)
                .single()).isZero();
        policy.on(new TaskCompleted("tsk_1", WS, "cus_a", "resolved", null, T0), TRACE);
        assertThat(store.dirty(10)).as("a late touchpoint does not bring it back").isEmpty();
    }

    /** As a tracking processor runs its handlers: one unit of work for a batch of events, committed at its end. */
    private static void inOneProcessorBatch(Runnable handlers) {
        new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("batch"))).execute(handlers);
    }

    /** The signals, without the customer's id and the mark's counter (which only has to move: a fold moves it once). */
    private Map<String, Object> signalWithoutItsId(String customerId) {
        Map<String, Object> row = new java.util.HashMap<>(signal(customerId));
        row.remove("customer_id");
        assertThat((Long) row.remove("dirty_seq")).isPositive();
        return row;
    }

    private List<Map<String, Object>> days(String customerId) {
        return jdbc.sql("SELECT day, events FROM health_activity_day WHERE customer_id = ? ORDER BY day")
                .params(customerId).query().listOfRows();
    }

    @Test
    void theRecordedBatchesOfOneProcessorBatchAreWrittenTogetherAsIfOneByOne() {
        CustomerUsage[] first = {usage("cus_one", 9, T0, 2), usage("cus_other", null, null, 1)};
        CustomerUsage second = usage("cus_one", 4, T0.minusSeconds(60), 1);
        CustomerUsage third = new CustomerUsage("cus_one", Map.of(UsageEventTypes.INVOICE_OVERDUE, 1),
                Map.of(LocalDate.parse("2026-11-21"), 5), T0.plusSeconds(90), 6, T0, new CustomerUsage.TicketCounts(1, 0,
                -1, 2), 1);

        recorded(30, first);
        recorded(31, second);
        recorded(32, third);
        inOneProcessorBatch(() -> {
            recorded(30, renamed(first[0], "cus_fold"), renamed(first[1], "cus_fold_other"));
            recorded(31, renamed(second, "cus_fold"));
            recorded(32, renamed(third, "cus_fold"));
            assertThat(jdbc.sql("SELECT count(*) FROM health_signal WHERE customer_id = 'cus_fold'").query(Long.class)
                    .single()).as("queued until the batch commits").isZero();
        });

        assertThat(signalWithoutItsId("cus_fold")).isEqualTo(signalWithoutItsId("cus_one"))
                .containsEntry("nps_score", 6).containsEntry("applied_position", 32L);
        assertThat(signalWithoutItsId("cus_fold_other")).isEqualTo(signalWithoutItsId("cus_other"));
        assertThat(days("cus_fold")).isEqualTo(days("cus_one"));
    }

    @Test
    void aFoldedCustomerAlreadyPastSomeOfItsBatchesGetsOnlyTheRest() {
        recorded(40, usage("cus_one", 9, T0, 2));
        recorded(41, usage("cus_one", 5, T0.plusSeconds(1), 1));
        recorded(40, usage("cus_partial", 9, T0, 2));

        inOneProcessorBatch(() -> {
            recorded(40, usage("cus_partial", 9, T0, 2));
            recorded(41, usage("cus_partial", 5, T0.plusSeconds(1), 1));
        });

        assertThat(signalWithoutItsId("cus_partial")).isEqualTo(signalWithoutItsId("cus_one"))
                .containsEntry("tickets_high", 3L).containsEntry("applied_position", 41L);
        assertThat(days("cus_partial")).isEqualTo(days("cus_one"));
    }

    @Test
    void aPurgeInTheSameBatchComesAfterTheUsageQueuedBeforeIt() {
        inOneProcessorBatch(() -> {
            recorded(50, usage("cus_a", 7, T0, 0));
            policy.on(new CustomerPurged("cus_a", WS, T0));
        });
        assertThat(jdbc.sql("SELECT count(*) FROM health_signal WHERE customer_id = 'cus_a'").query(Long.class).single())
                .isZero();
        assertThat(days("cus_a")).isEmpty();
    }

    /** The signals, without the customer's id and the mark's counter, which only has to move when it is marked. */
    private Map<String, Object> trackedWithoutItsId(String customerId) {
        Map<String, Object> row = new java.util.HashMap<>(signal(customerId));
        row.remove("customer_id");
        long markSeq = (Long) row.remove("dirty_seq");
        if (Boolean.TRUE.equals(row.get("dirty"))) {
            assertThat(markSeq).isPositive();
        }
        return row;
    }

    /** Creations and seat changes of several customers, as one customer's name per case makes them. */
    private void seatEvents(String suffix) {
        policy.on(new CustomerCreated("cus_seats" + suffix, WS, custom(Map.of("seats", 25)), T0), TRACE);
        policy.on(new CustomerCreated("cus_none" + suffix, WS, custom(null), T0), TRACE);
        policy.on(new CustomerCreated("cus_changed" + suffix, WS, custom(Map.of("seats", 5)), T0), TRACE);
        policy.on(new CustomerUpdated("cus_changed" + suffix, WS, custom(Map.of("seats", 40)), Set.of(), T0), TRACE);
        policy.on(new CustomerUpdated("cus_known" + suffix, WS, custom(Map.of("seats", 7)), Set.of(), T0), TRACE);
        policy.on(new CustomerUpdated("cus_known" + suffix, WS, custom(Map.of("seats", 8)), Set.of(), T0), TRACE);
        policy.on(new CustomerCreated("cus_known" + suffix, WS, custom(Map.of("seats", 3)), T0), TRACE);
    }

    @Test
    void theCustomersTrackedInOneProcessorBatchAreWrittenTogetherAsIfOneByOne() {
        for (String suffix : List.of("_one", "_batch")) {
            policy.on(new CustomerCreated("cus_known" + suffix, WS, custom(null), T0), TRACE);
        }
        seatEvents("_one");
        inOneProcessorBatch(() -> {
            recorded(60, usage("cus_none_batch", null, null, 1));
            seatEvents("_batch");
            assertThat(jdbc.sql("SELECT count(*) FROM health_signal WHERE customer_id = 'cus_seats_batch'")
                    .query(Long.class).single()).as("queued until the batch commits").isZero();
        });
        recorded(60, usage("cus_none_one", null, null, 1));

        for (String customer : List.of("cus_seats", "cus_none", "cus_changed", "cus_known")) {
            assertThat(trackedWithoutItsId(customer + "_batch")).as(customer)
                    .isEqualTo(trackedWithoutItsId(customer + "_one"));
        }
        assertThat(signal("cus_seats_batch")).containsEntry("seats", 25L).containsEntry("dirty", false);
        assertThat(signal("cus_changed_batch")).as("a new customer whose seats changed after its creation")
                .containsEntry("seats", 40L).containsEntry("dirty", true);
        assertThat(signal("cus_known_batch")).as("a redelivered creation changes the seats of a known customer")
                .containsEntry("seats", 3L).containsEntry("dirty", true);
        assertThat(signal("cus_none_batch")).as("its usage written first").containsEntry("dirty", true)
                .containsEntry("tickets_high", 1L);
    }

    private static CustomerUsage renamed(CustomerUsage u, String customerId) {
        return new CustomerUsage(customerId, u.eventsByType(), u.activityByDay(), u.lastTouchpointAt(), u.latestNps(),
                u.latestNpsAt(), u.openedTickets(), u.overdueInvoices());
    }
}
