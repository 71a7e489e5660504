package com.lealup.automation.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthThresholds;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.usage.CustomerUsage;
import com.lealup.api.usage.UsageEventTypes;
import com.lealup.api.usage.UsageRecorded;
import com.lealup.testing.TestDatabase;
import com.lealup.write.health.HealthSignalsPort;
import com.lealup.write.health.HealthSignalStores;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The health signals from the events, on the real tables: what they count, once, and whom they mark for rescoring. */
class HealthSignalsPolicyTest {

    private static final String WS = "wsp_signals_test";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final HealthSignalsPort store = HealthSignalStores.on(jdbc);
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
                new GlobalSequenceTrackingToken(position));
    }

    private Map<String, Object> signal(String customerId) {
        return jdbc.sql("SELECT * FROM health_signal WHERE customer_id = ?").params(customerId).query().singleRow();
    }

    @Test
    void seatsComeFromTheCustomFieldAndOnlyAWholePositiveNumberCounts() {
        policy.on(new CustomerCreated("cus_a", WS, custom(Map.of("seats", 25)), T0));
        policy.on(new CustomerCreated("cus_b", WS, custom(Map.of("seats", 2.5)), T0));
        assertThat(signal("cus_a")).containsEntry("seats", 25).containsEntry("dirty", false);
        assertThat(signal("cus_b")).containsEntry("seats", null);

        policy.on(new CustomerUpdated("cus_a", WS, custom(Map.of("tier", "Gold")), Set.of(), T0));
        assertThat(signal("cus_a")).as("an update without seats changes nothing").containsEntry("seats", 25)
                .containsEntry("dirty", false);
        policy.on(new CustomerUpdated("cus_a", WS, custom(Map.of("seats", 40)), Set.of(), T0));
        assertThat(signal("cus_a")).containsEntry("seats", 40).containsEntry("dirty", true);
    }

    @Test
    void aBatchCountsOnceHoweverOftenItIsDelivered() {
        recorded(10, usage("cus_a", 9, T0, 2), usage("cus_b", null, null, 0));
        recorded(10, usage("cus_a", 9, T0, 2), usage("cus_b", null, null, 0));

        assertThat(signal("cus_a")).containsEntry("nps_score", 9).containsEntry("tickets_high", 2)
                .containsEntry("activity_seen", true).containsEntry("support_seen", true).containsEntry("dirty", true)
                .containsEntry("applied_position", 10L);
        assertThat(jdbc.sql("SELECT sum(events) FROM health_activity_day WHERE customer_id = 'cus_a'")
                .query(Long.class).single()).isEqualTo(3);

        recorded(12, usage("cus_a", 3, T0.minusSeconds(3600), 1));
        assertThat(signal("cus_a")).as("an older NPS answer does not replace a newer one").containsEntry("nps_score", 9)
                .containsEntry("tickets_high", 3).containsEntry("applied_position", 12L);
    }

    @Test
    void aCompletedTaskIsATouchpointAndAModelChangeMarksTheWholeWorkspace() {
        policy.on(new CustomerCreated("cus_a", WS, custom(null), T0));
        policy.on(new CustomerCreated("cus_b", WS, custom(null), T0));
        policy.on(new CustomerCreated("cus_other", "wsp_other", custom(null), T0));

        policy.on(new TaskCompleted("tsk_1", WS, "cus_a", "resolved", null, T0.plusSeconds(60)));
        assertThat(((Timestamp) signal("cus_a").get("last_touchpoint_at")).toInstant()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.dirty(10)).extracting(HealthSignalsPort.DirtyCustomer::customerId).containsExactly("cus_a");

        policy.on(new HealthModelChanged(WS, 2, List.of(new DimensionSetting("nps", true, 50)),
                new HealthThresholds(70, 40), T0));
        assertThat(store.dirty(10)).extracting(HealthSignalsPort.DirtyCustomer::customerId)
                .containsExactly("cus_a", "cus_b");
    }

    @Test
    void aPurgedCustomerIsForgotten() {
        recorded(5, usage("cus_a", 7, T0, 0));
        policy.on(new CustomerPurged("cus_a", WS, T0));
        assertThat(jdbc.sql("SELECT count(*) FROM health_signal WHERE customer_id = 'cus_a'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM health_activity_day WHERE customer_id = 'cus_a'").query(Long.class)
                .single()).isZero();
        policy.on(new TaskCompleted("tsk_1", WS, "cus_a", "resolved", null, T0));
        assertThat(store.dirty(10)).as("a late touchpoint does not bring it back").isEmpty();
    }
}
