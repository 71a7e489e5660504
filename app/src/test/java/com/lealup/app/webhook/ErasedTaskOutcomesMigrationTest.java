package com.lealup.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.DatabaseBeforeMigration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V51: the task.completed deliveries of customers erased before it get the outcome "[erased]" that the erasure's
 * rewrite of queued payloads left in clear; the others keep theirs.
 */
class ErasedTaskOutcomesMigrationTest {

    @Test
    void anErasedCustomersTaskCompletionsLoseTheirOutcome() throws Exception {
        try (DatabaseBeforeMigration db = DatabaseBeforeMigration.upTo("50", "erased-task-outcomes")) {
            JdbcTemplate jdbc = db.jdbc();
            jdbc.update("""
                    INSERT INTO customer_key (customer_id, wrapped_key, created_at, erased_at, erasure)
                    VALUES ('cus_erased', NULL, now(), now(), 1), ('cus_live', '\\x00', now(), NULL, NULL)""");
            delivery(jdbc, "task.completed", "cus_erased", "\"outcome\": \"Erin disclosed\", \"notes\": \"[erased]\"");
            delivery(jdbc, "task.completed", "cus_erased", "\"outcome\": null, \"notes\": null");
            delivery(jdbc, "task.completed", "cus_live", "\"outcome\": \"Renewed\", \"notes\": \"Fine\"");
            delivery(jdbc, "task.created", "cus_erased", "\"outcome\": \"not a completion\"");

            db.migrate();

            assertThat(jdbc.queryForList("""
                    SELECT payload::jsonb -> 'data' ->> 'outcome' FROM webhook_delivery ORDER BY position""", String.class))
                    .containsExactly("[erased]", null, "Renewed", "not a completion");
        }
    }

    private static void delivery(JdbcTemplate jdbc, String type, String customerId, String members) {
        jdbc.update("""
                INSERT INTO webhook_delivery (subscription_id, workspace_id, message_id, event_type, payload, replay,
                    status, attempts, created_at)
                VALUES ('whk_1', 'wsp_1', ?, ?, ?, false, 'pending', 0, now())""",
                "msg_" + System.nanoTime(), type,
                "{\"type\": \"" + type + "\", \"data\": {\"customer_id\": \"" + customerId + "\", " + members + "}}");
    }
}
