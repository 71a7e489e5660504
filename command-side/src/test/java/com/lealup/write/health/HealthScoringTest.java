package com.lealup.write.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.DomainRejection;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.testing.TestDatabase;
import com.lealup.write.customer.ErasureLock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.SimpleEventBus;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Scoring on the real tables, against an erasure. */
class HealthScoringTest {

    private static final String WS = "wsp_scoring_test";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final EventBus eventBus = SimpleEventBus.builder().build();
    private final HealthScoring scoring = new HealthScoring(jdbc, new HealthSignalStore(jdbc, group -> false), eventBus);
    private final TransactionTemplate transactions =
            new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource()));

    /**
     * A recalculation during the erasure of its customer waits for the erasure's commit and then finds the customer
     * gone: no score of it is published after the erasure's event (its read models would keep it).
     */
    @Test
    void aRecalculationWaitsForAnErasureUnderWayAndFindsItsCustomerGone() throws Exception {
        jdbc.sql("INSERT INTO customer_email_domain_claim (workspace_id, email_domain, customer_id) VALUES (?, ?, ?)")
                .params(WS, "scored.example", "cus_scoring_erased").update();
        List<Object> published = new CopyOnWriteArrayList<>();
        eventBus.subscribe(events -> events.forEach(event -> published.add(event.getPayload())));
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> erasure = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(s -> {
            ErasureLock.holdAlone(jdbc, WS);
            jdbc.sql("DELETE FROM customer_email_domain_claim WHERE workspace_id = ? AND customer_id = ?")
                    .params(WS, "cus_scoring_erased").update();
            released.countDown();
            await(commit);
        }));
        await(released);

        CompletableFuture<Long> recalculation = CompletableFuture.supplyAsync(() -> transactions.execute(s ->
                scoring.handle(new RecalculateHealth("cus_scoring_erased", WS), CLOCK)));
        Thread.sleep(300);
        assertThat(recalculation).as("the recalculation waits for the erasure").isNotDone();

        commit.countDown();
        erasure.get(10, TimeUnit.SECONDS);
        try {
            recalculation.get(10, TimeUnit.SECONDS);
            throw new AssertionError("a customer erased meanwhile was scored");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DomainRejection.class);
        }
        assertThat(published).noneMatch(HealthScoreCalculated.class::isInstance);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
