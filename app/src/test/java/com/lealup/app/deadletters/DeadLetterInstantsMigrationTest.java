package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.EmbeddedPostgresServer;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import org.axonframework.common.DateTimeUtils;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/** V36: a letter that Axon's JPA queue parked keeps its instants, as the text Axon's JDBC queue reads. */
class DeadLetterInstantsMigrationTest {

    @Test
    void aLetterParkedBeforeKeepsItsInstantsAsText() throws Exception {
        Path dataDir = Path.of("target", "dead-letter-instants").toAbsolutePath();
        FileSystemUtils.deleteRecursively(new File(dataDir.toString()));
        try (EmbeddedPostgresServer db = EmbeddedPostgresServer.start(dataDir, false)) {
            Flyway before = Flyway.configure().dataSource(db.jdbcUrl("postgres"), db.user(), db.password())
                    .target("35").load();
            before.migrate();
            JdbcTemplate jdbc = new JdbcTemplate(before.getConfiguration().getDataSource());
            jdbc.update("""
                    INSERT INTO dead_letter_entry (dead_letter_id, processing_group, sequence_identifier, sequence_index,
                        message_type, event_identifier, time_stamp, payload_type, payload, enqueued_at, last_touched,
                        processing_started)
                    VALUES ('letter', 'customers', 'cus_1', 0, 'GenericEventMessage', 'event', '2026-11-30T09:15:30Z',
                        'java.lang.String', decode('2222', 'hex'), '2026-11-30 10:15:30.123456+01',
                        '2026-11-30 10:16:00+01', NULL)""");

            Flyway.configure().dataSource(db.jdbcUrl("postgres"), db.user(), db.password()).load().migrate();

            var letter = jdbc.queryForMap("SELECT enqueued_at, last_touched, processing_started FROM dead_letter_entry");
            assertThat(letter).containsEntry("enqueued_at", "2026-11-30T09:15:30.123Z")
                    .containsEntry("last_touched", "2026-11-30T09:16:00.000Z").containsEntry("processing_started", null);
            assertThat(DateTimeUtils.parseInstant((String) letter.get("enqueued_at")))
                    .isEqualTo(Instant.parse("2026-11-30T09:15:30.123Z"));
            assertThat(letter.get("last_touched"))
                    .isEqualTo(DateTimeUtils.formatInstant(Instant.parse("2026-11-30T09:16:00Z")));
        }
    }
}
