package com.lealup.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.DatabaseBeforeMigration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** V60: a kept delivery names the customer its payload is about, so that customer's erasure finds it by the index. */
class WebhookDeliveryCustomerMigrationTest {

    @Test
    void aKeptDeliveryNamesTheCustomerOfItsPayloadAndOneAboutNoCustomerNone() throws Exception {
        try (DatabaseBeforeMigration db = DatabaseBeforeMigration.upTo("59", "webhook-delivery-customer")) {
            JdbcTemplate jdbc = db.jdbc();
            delivery(jdbc, "customer.updated", "{\"customer_id\": \"cus_1\", \"changes\": {\"name\": \"Acme\"}}");
            delivery(jdbc, "import.completed", "{\"job_id\": \"job_1\", \"created\": 3}");
            // a custom field named like the member, after it: the payload's customer is data's own member
            delivery(jdbc, "customer.updated", "{\"customer_id\": \"cus_2\", \"changes\": {\"custom_fields\": "
                    + "{\"customer_id\": \"cus_x\"}}}");

            db.migrate();

            assertThat(jdbc.queryForList("SELECT customer_id FROM webhook_delivery ORDER BY position", String.class))
                    .containsExactly("cus_1", null, "cus_2");
        }
    }

    private static void delivery(JdbcTemplate jdbc, String type, String data) {
        jdbc.update("""
                INSERT INTO webhook_delivery (subscription_id, workspace_id, message_id, event_type, payload, replay,
                    status, attempts, created_at)
                VALUES ('whk_1', 'wsp_1', ?, ?, ?, false, 'pending', 0, now())""",
                "msg_" + System.nanoTime(), type, "{\"type\": \"" + type + "\", \"data\": " + data + "}");
    }
}
