package com.lealup.write.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.HealthModels;
import com.lealup.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What scoring reads of the health signals, on the real tables. */
class HealthSignalStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final HealthSignalStore store = new HealthSignalStore(jdbc);

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
