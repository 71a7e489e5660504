package com.lealup.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.DatabaseBeforeMigration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** V56: an explained health change stored before gains its row's trace id as the entry's last member, as new ones. */
class HealthChangeTraceMigrationTest {

    @Test
    void anEntryGainsItsTraceIdLast() throws Exception {
        try (DatabaseBeforeMigration db = DatabaseBeforeMigration.upTo("55", "health-change-trace")) {
            JdbcTemplate jdbc = db.jdbc();
            insert(jdbc, 1, "0af7651916cd43dd8448eb211c80319c");
            insert(jdbc, 2, null);

            db.migrate();

            assertThat(jdbc.queryForList("SELECT explanation::text FROM health_change ORDER BY calculation", String.class))
                    .containsExactly("{\"calculation\":1,\"score\":84,\"signals\":[],\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"}",
                            "{\"calculation\":2,\"score\":84,\"signals\":[],\"trace_id\":null}");
        }
    }

    private static void insert(JdbcTemplate jdbc, int calculation, String traceId) {
        jdbc.update("""
                INSERT INTO health_change (customer_id, calculation, workspace_id, calculated_at, score, model_version,
                    trigger, dimensions, explanation, event_id, trace_id)
                VALUES ('cus_1', ?, 'wsp_1', now(), 84, 1, 'events', '[]', CAST(? AS json), ?, ?)""",
                calculation, "{\"calculation\":" + calculation + ",\"score\":84,\"signals\":[]}", "event-" + calculation,
                traceId);
    }
}
