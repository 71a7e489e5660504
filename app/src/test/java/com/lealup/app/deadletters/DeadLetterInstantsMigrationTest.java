package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.DatabaseBeforeMigration;
import java.time.Instant;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** V36: a letter that Axon's JPA queue parked keeps its instants, as the text Axon's JDBC queue reads. */
class DeadLetterInstantsMigrationTest {

    @Test
    void aLetterParkedBeforeKeepsItsInstantsAsText() throws Exception {
        try (DatabaseBeforeMigration db = DatabaseBeforeMigration.upTo("35", "dead-letter-instants")) {
            JdbcTemplate jdbc = db.jdbc();
            jdbc.update("""
                    INSERT INTO dead_letter_entry (dead_letter_id, processing_group, sequence_identifier, sequence_index,
                        message_type, event_identifier, time_stamp, payload_type, payload, enqueued_at, last_touched,
                        processing_started)
                    VALUES ('letter', 'customers', 'cus_1', 0, 'GenericEventMessage', 'event', '2026-11-30T09:15:30Z',
                        'java.lang.String', decode('2222', 'hex'), '2026-11-30 10:15:30.123456+01',
                        '2026-11-30 10:16:00+01', NULL)""");

            db.migrate();

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
