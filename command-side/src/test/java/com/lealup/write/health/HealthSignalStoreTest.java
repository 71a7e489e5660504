package com.lealup.write.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.HealthModels;
import com.lealup.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What scoring reads of the health signals, on the real tables. */
class HealthSignalStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final HealthSignalStore store = new HealthSignalStore(jdbc, group -> false);

    /**
     * A reset of the signals (a replay of the policy) waits for the scorings under way, and a scoring that starts
     * meanwhile waits for the reset's commit: none reads signals the reset has just emptied, and the reset's TRUNCATE
     * cannot deadlock with one (it did with on-demand recalculations).
     */
    @Test
    void aResetWaitsForTheScoringsUnderWayAndHoldsOffNewOnes() throws Exception {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource()));
        CountDownLatch scored = new CountDownLatch(1);
        CountDownLatch endScoring = new CountDownLatch(1);
        CountDownLatch emptied = new CountDownLatch(1);
        CountDownLatch commitReset = new CountDownLatch(1);
        CompletableFuture<Boolean> underWay = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            boolean complete = store.completeForScoring();
            scored.countDown();
            await(endScoring);
            return complete;
        }));
        assertThat(scored.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> reset = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            store.reset();
            emptied.countDown();
            await(commitReset);
        }));
        assertThat(emptied.await(300, TimeUnit.MILLISECONDS)).as("the reset waits for the scoring under way").isFalse();

        endScoring.countDown();
        assertThat(underWay.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(emptied.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> transactions.execute(status ->
                store.completeForScoring()));
        Thread.sleep(300);
        assertThat(next).as("a scoring waits for the reset's commit").isNotDone();
        commitReset.countDown();
        reset.get(10, TimeUnit.SECONDS);
        assertThat(next.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts past an int are read whole (an int read of them failed the rescore) and score as any large count. */
    @Test
    void countsBeyondAnIntAreReadWhole() {
        long beyond = (1L << 32) + 3;
        jdbc.sql("""
                        INSERT INTO health_signal (customer_id, workspace_id, activity_seen, support_seen, tickets_low,
                            tickets_normal, tickets_high, tickets_urgent, invoices_seen, invoices_overdue)
                        VALUES ('cus_store_big', 'wsp_store_test', TRUE, TRUE, ?, ?, ?, ?, TRUE, ?)""")
                .params(-beyond, beyond, beyond + 1, beyond + 2, beyond + 3).update();
        jdbc.sql("""
                        INSERT INTO health_activity_day (customer_id, day, events)
                        VALUES ('cus_store_big', ?, ?), ('cus_store_big', ?, ?)""")
                .params(LocalDate.parse("2026-11-25"), beyond, LocalDate.parse("2026-10-10"), 2 * beyond).update();

        HealthSignals signals = store.signals(List.of("cus_store_big"), NOW).get("cus_store_big");

        assertThat(signals).isEqualTo(new HealthSignals(true, beyond, 2 * beyond, null, null, true, -beyond, beyond,
                beyond + 1, beyond + 2, null, true, beyond + 3));
        List<DimensionScore> dimensions = HealthFormula.score(HealthModels.DEFAULT, signals, NOW).dimensions();
        assertThat(dimensions).extracting(DimensionScore::key, DimensionScore::score).containsExactly(
                tuple(HealthModels.PRODUCT_USAGE, 50), tuple(HealthModels.SUPPORT, 0), tuple(HealthModels.FINANCIAL, 0));
    }
}
