package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.EmbeddedPostgresServer;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * A start on a data directory releases the token claims and the outbox workers' leases its killed predecessor left,
 * after migrating.
 */
class StandaloneClaimsTest {

    @Test
    void theClaimsAndLeasesOfAnEarlierRunAreReleasedAfterTheMigrations() throws Exception {
        Path dataDir = Path.of("target", "standalone-claims").toAbsolutePath();
        FileSystemUtils.deleteRecursively(new File(dataDir.toString()));
        try (EmbeddedPostgresServer db = EmbeddedPostgresServer.start(dataDir, false)) {
            Flyway flyway = Flyway.configure().dataSource(db.jdbcUrl("postgres"), db.user(), db.password()).load();
            flyway.migrate();
            JdbcTemplate jdbc = new JdbcTemplate(flyway.getConfiguration().getDataSource());
            String now = Instant.now().toString();
            jdbc.update("INSERT INTO token_entry (processor_name, segment, owner, timestamp) VALUES (?, 0, ?, ?)",
                    "customers", "4242@killed-host", now);
            jdbc.update("INSERT INTO token_entry (processor_name, segment, owner, timestamp) VALUES (?, 0, NULL, ?)",
                    "tasks", now);
            jdbc.update("""
                    INSERT INTO import_job_queue (job_id, workspace_id, queued_at, leased_until, failed_attempts)
                    VALUES ('job_1', 'wsp_1', now(), now() + interval '15 seconds', 2)""");
            jdbc.update("""
                    INSERT INTO playbook_run_queue (position, run_id, workspace_id, customer_id, leased_until)
                    VALUES (1, 'run_1', 'wsp_1', 'cus_1', now() + interval '10 seconds')""");
            jdbc.update("""
                    INSERT INTO webhook_endpoint (subscription_id, workspace_id, url, events, enabled, next_attempt_at,
                        leased_until)
                    VALUES ('whk_1', 'wsp_1', 'https://hooks.example.com', '["*"]', TRUE, now() + interval '1 hour',
                        now() + interval '1 minute')""");
            jdbc.update("""
                    INSERT INTO webhook_replay (subscription_id, workspace_id, since, end_position, requested_at,
                        leased_until)
                    VALUES ('whk_1', 'wsp_1', now(), 10, now(), now() + interval '1 minute')""");
            jdbc.update("""
                    INSERT INTO notification_outbox (notification_id, workspace_id, channel, target, data, requested_at,
                        deadline, attempts, next_attempt_at, leased_until)
                    VALUES ('ntf_1', 'wsp_1', 'slack', '#cs', '{}', now(), now() + interval '1 day', 0, now(),
                        now() + interval '1 minute')""");

            new StandaloneClaims().migrateThenReleaseClaims().migrate(flyway);

            assertThat(jdbc.queryForList("SELECT owner FROM token_entry", String.class)).hasSize(2).containsOnlyNulls();
            assertThat(jdbc.queryForMap("SELECT leased_until, failed_attempts FROM import_job_queue"))
                    .containsEntry("leased_until", null).containsEntry("failed_attempts", 2);
            for (String table : List.of("playbook_run_queue", "webhook_endpoint", "webhook_replay",
                    "notification_outbox")) {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE leased_until IS NOT NULL",
                        Long.class)).as(table).isZero();
            }
            assertThat(jdbc.queryForObject("SELECT next_attempt_at > now() FROM webhook_endpoint", Boolean.class))
                    .as("a subscription's back-off stays").isTrue();
        }
    }
}
