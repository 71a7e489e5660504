package com.lealup.automation.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.Actor;
import com.lealup.api.DomainRejection;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.PurgeCustomer;
import com.lealup.automation.SentCommands;
import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import com.lealup.write.usage.UsageLogs;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The 30-day trash on a controlled clock: the schedule follows the events, the sweep purges what is due. */
class TrashPurgePolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final String WS = "wsp_trash_test";

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final TestClock clock = TestClock.fixedAt(T0);
    private final SentCommands sent = new SentCommands();
    private final TrashPurgePolicy policy = new TrashPurgePolicy(jdbc, sent.gateway(), clock,
            UsageLogs.on(TestDatabase.dataSource()));

    @BeforeEach
    void emptySchedule() {
        policy.reset();
    }

    private static CustomerDeleted deleted(String customerId, Duration retention) {
        return new CustomerDeleted(customerId, WS, T0, T0.plus(retention));
    }

    @Test
    void purgesEachCustomerOnceItsRetentionIsOver() {
        policy.on(deleted("cus_a", Duration.ofDays(30)));
        policy.on(deleted("cus_b", Duration.ofDays(10)));

        clock.set(T0.plus(Duration.ofDays(10)).minusSeconds(1));
        assertThat(policy.sweep()).isZero();
        assertThat(sent.payloads()).isEmpty();

        clock.set(T0.plus(Duration.ofDays(10)));
        assertThat(policy.sweep()).isEqualTo(1);
        assertThat(sent.payloads()).containsExactly(new PurgeCustomer("cus_b", WS));
        assertThat(sent.messages().get(0).getMetaData()).containsEntry(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                .containsEntry(MetadataKeys.ACTOR_ID, "trash-purge").containsEntry(MetadataKeys.WORKSPACE_ID, WS);

        policy.on(new CustomerErased("cus_b", WS, CustomerErased.RETENTION_OVER, T0.plus(Duration.ofDays(10))));
        sent.clear();
        clock.set(T0.plus(Duration.ofDays(30)));
        assertThat(policy.sweep()).isEqualTo(1);
        assertThat(sent.payloads()).containsExactly(new PurgeCustomer("cus_a", WS));
    }

    @Test
    void aRestoredCustomerIsNotPurgedAndADeletedAgainOneWaitsItsNewRetention() {
        policy.on(deleted("cus_a", Duration.ofDays(30)));
        policy.on(new CustomerRestored("cus_a", WS, T0.plus(Duration.ofDays(1))));
        clock.set(T0.plus(Duration.ofDays(31)));
        assertThat(policy.sweep()).isZero();

        policy.on(new CustomerDeleted("cus_a", WS, T0.plus(Duration.ofDays(31)), T0.plus(Duration.ofDays(61))));
        clock.set(T0.plus(Duration.ofDays(60)));
        assertThat(policy.sweep()).isZero();
        clock.set(T0.plus(Duration.ofDays(61)));
        assertThat(policy.sweep()).isEqualTo(1);
    }

    @Test
    void aRefusedPurgeIsNotCountedAndTheOthersGoOn() {
        policy.on(deleted("cus_a", Duration.ofDays(1)));
        policy.on(deleted("cus_b", Duration.ofDays(2)));
        sent.answer(command -> {
            if (((PurgeCustomer) command).customerId().equals("cus_a")) {
                throw DomainRejection.conflict("not_purgeable", "restored meanwhile", Map.of());
            }
            return null;
        });
        clock.set(T0.plus(Duration.ofDays(3)));

        assertThat(policy.sweep()).isEqualTo(1);
        assertThat(sent.payloads()).containsExactly(new PurgeCustomer("cus_a", WS), new PurgeCustomer("cus_b", WS));
    }

    @Test
    void anErasedCustomersUsageLogAndEventIdsGoWithIt() {
        for (String customer : new String[] {"cus_gone", "cus_kept"}) {
            jdbc.sql("""
                            INSERT INTO usage_log (batch_id, customer_id, workspace_id, first_at, last_at, received_at,
                                event_count, events)
                            VALUES ('bat_1', ?, ?, ?, ?, ?, 1, CAST(? AS json))""")
                    .params(customer, WS, Timestamp.from(T0), Timestamp.from(T0), Timestamp.from(T0),
                            "[{\"id\": \"evt_" + customer + "\", \"event_id\": \"client-" + customer + "\"}]")
                    .update();
            jdbc.sql("INSERT INTO usage_event_id_claim (workspace_id, event_id) VALUES (?, ?)")
                    .params(WS, "client-" + customer).update();
        }

        policy.on(new CustomerErased("cus_gone", WS, CustomerErased.ON_REQUEST, T0));

        assertThat(jdbc.sql("SELECT customer_id FROM usage_log WHERE workspace_id = ?").params(WS).query(String.class)
                .list()).containsExactly("cus_kept");
        assertThat(jdbc.sql("SELECT event_id FROM usage_event_id_claim WHERE workspace_id = ?").params(WS)
                .query(String.class).list()).containsExactly("client-cus_kept");
    }
}
