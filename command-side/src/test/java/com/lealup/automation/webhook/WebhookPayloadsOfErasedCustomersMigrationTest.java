package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V53: the kept webhook payloads of a customer erased before its erasure rewrote them lose its personal values, as
 * an erasure's rewrite leaves them, whatever their status and however V51 spaced them; another customer's, and
 * payloads that name the erased one without being about it, stay as they are.
 */
class WebhookPayloadsOfErasedCustomersMigrationTest {

    private final JdbcClient jdbc = TestDatabase.jdbc();

    @Test
    void anErasedCustomersKeptPayloadsLoseItsPersonalValues() {
        String erased = "cus_v53_erased_" + System.nanoTime();
        String live = "cus_v53_live_" + System.nanoTime();
        String subscription = "whk_v53_" + System.nanoTime();
        jdbc.sql("""
                        INSERT INTO customer_key (customer_id, wrapped_key, created_at, erased_at, erasure)
                        VALUES (?, NULL, now(), now(), 1), (?, '\\x00', now(), NULL, NULL)""")
                .params(erased, live).update();
        delivery(subscription, "customer.created", "delivered", "{\"type\":\"customer.created\",\"data\":{\"customer_id\":\""
                + erased + "\",\"name\":\"Erin Private\",\"email_domain\":\"erin.example\",\"custom_fields\":"
                + "{\"phone\":\"+34600111222\"},\"arr\":1200}}");
        delivery(subscription, "task.created", "failed", "{\"type\":\"task.created\",\"data\":{\"task_id\":\"tsk_1\","
                + "\"customer_id\":\"" + erased + "\",\"title\":\"Call Erin\",\"description\":\"About her account\"}}");
        // as V51 left a completion: its outcome erased, its notes not, spaced by jsonb
        delivery(subscription, "task.completed", "delivered", "{\"data\": {\"notes\": \"Erin lives in Berlin\", "
                + "\"outcome\": \"[erased]\", \"customer_id\": \"" + erased + "\"}, \"type\": \"task.completed\"}");
        delivery(subscription, "task.created", "pending", "{\"type\":\"task.created\",\"data\":{\"task_id\":\"tsk_2\","
                + "\"customer_id\":\"" + live + "\",\"title\":\"Call Liv\",\"description\":\"Renewal\"}}");

        V53__WebhookPayloadsOfErasedCustomers.erasePayloads(jdbc);

        assertThat(jdbc.sql("SELECT payload FROM webhook_delivery WHERE subscription_id = ? ORDER BY position")
                .param(subscription).query(String.class).list()).containsExactly(
                "{\"type\":\"customer.created\",\"data\":{\"customer_id\":\"" + erased + "\",\"name\":\"[erased]\","
                        + "\"email_domain\":\"[erased]\",\"custom_fields\":{},\"arr\":1200}}",
                "{\"type\":\"task.created\",\"data\":{\"task_id\":\"tsk_1\",\"customer_id\":\"" + erased
                        + "\",\"title\":\"[erased]\",\"description\":\"[erased]\"}}",
                "{\"data\":{\"notes\":\"[erased]\",\"outcome\":\"[erased]\",\"customer_id\":\"" + erased
                        + "\"},\"type\":\"task.completed\"}",
                "{\"type\":\"task.created\",\"data\":{\"task_id\":\"tsk_2\",\"customer_id\":\"" + live
                        + "\",\"title\":\"Call Liv\",\"description\":\"Renewal\"}}");
    }

    private void delivery(String subscription, String type, String status, String payload) {
        jdbc.sql("""
                        INSERT INTO webhook_delivery (subscription_id, workspace_id, message_id, event_type, payload,
                            replay, status, attempts, created_at)
                        VALUES (?, 'wsp_v53', ?, ?, ?, false, ?, 1, now())""")
                .params(subscription, "msg_" + System.nanoTime(), type, payload, status).update();
    }
}
