package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.EmbeddedPostgresServer;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * A start on a data directory releases the token claims and import leases its killed predecessor left, after
 * migrating.
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

            new StandaloneClaims().migrateThenReleaseClaims().migrate(flyway);

            assertThat(jdbc.queryForList("SELECT owner FROM token_entry", String.class)).hasSize(2).containsOnlyNulls();
            assertThat(jdbc.queryForMap("SELECT leased_until, failed_attempts FROM import_job_queue"))
                    .containsEntry("leased_until", null).containsEntry("failed_attempts", 2);
        }
    }
}
