package com.lealup.write.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.DomainRejection;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.testing.TestDatabase;
import com.lealup.write.customer.ErasureUnderWay;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.SimpleEventBus;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Scoring on the real tables, against an erasure. */
class HealthScoringTest {

    private static final String WS = "wsp_scoring_test";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final EventBus eventBus = SimpleEventBus.builder().build();
    private final HealthScoring scoring = new HealthScoring(jdbc, new HealthSignalStore(jdbc, group -> false), eventBus);

    /**
     * A recalculation during the erasure of its customer waits for the erasure's commit and then finds the customer
     * gone: no score of it is published after the erasure's event (its read models would keep it).
     */
    @Test
    void aRecalculationWaitsForAnErasureUnderWayAndFindsItsCustomerGone() throws Exception {
        List<Object> published = new CopyOnWriteArrayList<>();
        eventBus.subscribe(events -> events.forEach(event -> published.add(event.getPayload())));
        try (ErasureUnderWay erasure = ErasureUnderWay.of(WS, "cus_scoring_erased", "scored.example")) {
            CompletableFuture<Long> recalculation = ErasureUnderWay.inTransaction(() ->
                    scoring.handle(new RecalculateHealth("cus_scoring_erased", WS), CLOCK));
            Thread.sleep(300);
            assertThat(recalculation).as("the recalculation waits for the erasure").isNotDone();

            erasure.commit();
            assertThatThrownBy(() -> recalculation.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(DomainRejection.class);
        }
        assertThat(published).noneMatch(HealthScoreCalculated.class::isInstance);
    }
}
