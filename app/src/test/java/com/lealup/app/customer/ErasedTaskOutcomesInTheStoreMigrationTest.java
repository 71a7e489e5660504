package com.lealup.app.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.DatabaseBeforeMigration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V52: the completions of customers erased before the erasure overwrote clear outcomes get the empty seal in the
 * store and the dead letters, the rest of each payload byte for byte; other customers' outcomes, sealed ones and
 * absent ones stay as they are, and so does every other event.
 */
class ErasedTaskOutcomesInTheStoreMigrationTest {

    private static final String COMPLETED = "com.lealup.api.task.TaskCompleted";

    @Test
    void anErasedCustomersClearOutcomesGetTheEmptySeal() throws Exception {
        try (DatabaseBeforeMigration db = DatabaseBeforeMigration.upTo("51", "erased-task-outcomes-in-the-store")) {
            JdbcTemplate jdbc = db.jdbc();
            jdbc.update("""
                    INSERT INTO customer_key (customer_id, wrapped_key, created_at, erased_at, erasure)
                    VALUES ('cus_erased', NULL, now(), now(), 1), ('cus_live', '\\x00', now(), NULL, NULL)""");
            String clear = completion("tsk_1", "cus_erased", "\"Erin said \\\"call me\\\" \\\\ \\u00e9 à +34 600\"");
            event(jdbc, "tsk_1", 1, COMPLETED, clear);
            String sealed = completion("tsk_2", "cus_erased", "\"pd:v1:cus_erased:c2VhbGVk\"");
            event(jdbc, "tsk_2", 1, COMPLETED, sealed);
            String none = completion("tsk_3", "cus_erased", "null");
            event(jdbc, "tsk_3", 1, COMPLETED, none);
            String live = completion("tsk_4", "cus_live", "\"Renewed, said Erin\"");
            event(jdbc, "tsk_4", 1, COMPLETED, live);
            String task = """
                    {"task_id":"tsk_5","workspace_id":"wsp_1","customer_id":"cus_erased","outcome":"not a completion"}""";
            event(jdbc, "tsk_5", 0, "com.lealup.api.task.TaskCreated", task);
            jdbc.update("""
                    INSERT INTO dead_letter_entry (dead_letter_id, processing_group, sequence_identifier, sequence_index,
                        message_type, event_identifier, time_stamp, payload_type, payload, enqueued_at)
                    SELECT 'letter', 'tasks', aggregate_identifier, 0, 'DomainEventMessage', event_identifier, time_stamp,
                        payload_type, payload, '2026-03-01T08:30:15.000Z'
                    FROM domain_event_entry WHERE aggregate_identifier = 'tsk_1'""");

            db.migrate();

            String erased = completion("tsk_1", "cus_erased", "\"pd:v1:cus_erased:\"");
            assertThat(payloads(jdbc, "SELECT payload FROM domain_event_entry WHERE payload_type LIKE 'com.lealup.api.task.%' "
                    + "ORDER BY aggregate_identifier")).containsExactly(erased, sealed, none, live, task);
            assertThat(payloads(jdbc, "SELECT payload FROM dead_letter_entry")).containsExactly(erased);
        }
    }

    /** A completion as the event format writes it, its outcome the JSON {@code outcome}. */
    private static String completion(String taskId, String customerId, String outcome) {
        return "{\"task_id\":\"" + taskId + "\",\"workspace_id\":\"wsp_1\",\"customer_id\":\"" + customerId
                + "\",\"outcome\":" + outcome + ",\"notes\":\"pd:v1:" + customerId
                + ":bm90ZXM\",\"completed_at\":\"2026-03-01T08:30:15.123456Z\"}";
    }

    private static void event(JdbcTemplate jdbc, String aggregateId, long sequence, String type, String payload) {
        jdbc.update("""
                        INSERT INTO domain_event_entry (event_identifier, payload, payload_type, time_stamp,
                            aggregate_identifier, sequence_number, type)
                        VALUES (?, ?, ?, '2026-03-01T08:30:15.123Z', ?, ?, 'Aggregate')""",
                aggregateId + "-" + sequence, payload.getBytes(StandardCharsets.UTF_8), type, aggregateId, sequence);
    }

    private static List<String> payloads(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForList(sql, byte[].class).stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .toList();
    }
}
