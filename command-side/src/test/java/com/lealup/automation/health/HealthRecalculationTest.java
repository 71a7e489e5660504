package com.lealup.automation.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.MetadataKeys;
import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.automation.SentCommands;
import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import com.lealup.write.health.HealthSignalsPort;
import com.lealup.write.health.HealthSignalsPort.DirtyCustomer;
import com.lealup.write.health.HealthSignalStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sweep on the real signal tables and a controlled clock: marked customers go out per workspace, up to 100 per
 * command; a failed command ends the sweep and leaves its customers marked; once a UTC day everybody is marked.
 */
class HealthRecalculationTest {

    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private final HealthSignalsPort store = HealthSignalStores.on(jdbc, group -> rebuilding.get());
    private final SentCommands sent = new SentCommands();
    private final TestClock clock = TestClock.fixedAt(T0);
    private final HealthRecalculation recalculation = new HealthRecalculation(store, sent.gateway(), clock);

    @BeforeEach
    void todaysRunDoneAndNothingMarked() {
        store.reset();
        jdbc.sql("DELETE FROM health_daily_run").update();
        store.runDailyIfDue(clock.instant().atZone(clock.getZone()).toLocalDate());
        // the scoring command handler clears the marks it rescored
        sent.answer(command -> {
            HealthSignalStores.rescored(store, (RescoreMarkedCustomers) command);
            return null;
        });
    }

    private void marked(String workspaceId, int count) {
        jdbc.sql("""
                        INSERT INTO health_signal (customer_id, workspace_id, dirty, dirty_seq, dirty_trace_id)
                        SELECT ? || '-cus_' || lpad(i::text, 4, '0'), ?, TRUE, i, 'trace_' || i
                        FROM generate_series(0, ? - 1) AS i""")
                .params(workspaceId, workspaceId, count).update();
    }

    private List<RescoreMarkedCustomers> commands() {
        return sent.payloads().stream().map(RescoreMarkedCustomers.class::cast).toList();
    }

    @Test
    void rescoresTheMarkedCustomersOfEachWorkspaceAHundredPerCommand() {
        marked("ws_a", 205);
        marked("ws_b", 25);

        assertThat(recalculation.sweep()).isEqualTo(230);

        assertThat(commands()).extracting(c -> c.workspaceId() + ":" + c.marks().size())
                .containsExactly("ws_a:100", "ws_a:100", "ws_a:5", "ws_b:25");
        assertThat(commands().get(1).marks().get(0)).isEqualTo(new RescoreMarkedCustomers.Mark("ws_a-cus_0100", 100, "events",
                "trace_100"));
        assertThat(sent.messages().get(3).getMetaData()).containsEntry(MetadataKeys.ACTOR_ID, "health-recalculation")
                .containsEntry(MetadataKeys.WORKSPACE_ID, "ws_b");
        assertThat(store.dirty(10)).isEmpty();
        assertThat(recalculation.sweep()).as("nothing marked since").isZero();
    }

    /** The causes bits (events 1, daily 2, model 4): a model change first, then events, then the daily run. */
    @Test
    void aMarkNamesItsStrongestCauseAsTheTrigger() {
        assertThat(IntStream.range(0, 8).mapToObj(causes -> new DirtyCustomer("c", "w", 1, causes, null).trigger()).toList())
                .containsExactly("events", "events", "daily", "events", "model_change", "model_change", "model_change",
                        "model_change");
    }

    @Test
    void readsTheMarksAgainWhileAFullBatchCameBack() {
        marked("ws_a", 1003);

        assertThat(recalculation.sweep()).isEqualTo(1003);
        assertThat(sent.payloads()).hasSize(11);
    }

    /** docs/health-model.md "While the signals are rebuilt": a score of part of the history would stay for good. */
    @Test
    void nothingIsRescoredWhileTheSignalsAreRebuiltAndTheMarksWaitForTheReplay() {
        marked("ws_a", 3);
        rebuilding.set(true);

        assertThat(recalculation.sweep()).isZero();
        assertThat(commands()).isEmpty();
        assertThat(store.dirty(10)).hasSize(3);

        rebuilding.set(false);
        assertThat(recalculation.sweep()).isEqualTo(3);
        assertThat(store.dirty(10)).isEmpty();
    }

    @Test
    void aFailedCommandLeavesItsCustomersMarkedAndEndsTheSweep() {
        marked("ws_a", 1000);
        AtomicInteger calls = new AtomicInteger();
        sent.answer(command -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("database unavailable");
            }
            HealthSignalStores.rescored(store, (RescoreMarkedCustomers) command);
            return null;
        });

        assertThat(recalculation.sweep()).isEqualTo(100);
        assertThat(sent.payloads()).hasSize(2);
        assertThat(store.dirty(1000)).hasSize(900);
    }

    @Test
    void aCustomerMarkedAgainMeanwhileStaysMarked() {
        marked("ws_a", 3);
        sent.answer(command -> {
            jdbc.sql("UPDATE health_signal SET dirty_seq = dirty_seq + 1 WHERE customer_id = 'ws_a-cus_0001'").update();
            HealthSignalStores.rescored(store, (RescoreMarkedCustomers) command);
            return null;
        });

        assertThat(recalculation.sweep()).isEqualTo(3);
        assertThat(store.dirty(10)).extracting(HealthSignalsPort.DirtyCustomer::customerId)
                .containsExactly("ws_a-cus_0001");
    }

    @Test
    void onceAUtcDayEveryCustomerIsRescored() {
        marked("ws_a", 2);
        assertThat(recalculation.sweep()).isEqualTo(2);
        assertThat(recalculation.sweep()).isZero();

        clock.advance(Duration.ofHours(15)); // 23:00, the same UTC day
        assertThat(recalculation.sweep()).isZero();
        clock.advance(Duration.ofHours(1)); // the next day
        assertThat(recalculation.sweep()).isEqualTo(2);
        assertThat(recalculation.sweep()).isZero();
    }
}
