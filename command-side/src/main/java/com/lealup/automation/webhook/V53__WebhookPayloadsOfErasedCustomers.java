package com.lealup.automation.webhook;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration V53: the webhook payloads kept (pending, delivered or failed, for 30 days) about a customer erased by a
 * release whose erasure left them as they were get the customer's personal values erased, as an erasure does now
 * ({@link WebhookOutbox#eraseCustomer}): a task's title, a creation's name and custom fields, a completion's notes.
 * The erased customers are those whose data key is destroyed; a payload names its customer in {@code data.customer_id}
 * (written compact, or spaced where V51 rewrote it). Java, not SQL: which values of which type are personal is
 * {@link WebhookCatalogue}'s. A bean, so that Spring Boot hands it to Flyway.
 */
@Component
class V53__WebhookPayloadsOfErasedCustomers extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        erasePayloads(JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true)));
    }

    static void erasePayloads(JdbcClient jdbc) {
        WebhookOutbox.eraseSelected(jdbc, """
                SELECT d.position, d.payload, d.customer_id
                FROM (SELECT position, payload,
                          substring(payload FROM '"customer_id"\\s*:\\s*"([^"\\\\]*)"') AS customer_id
                      FROM webhook_delivery) d
                JOIN customer_key k ON k.customer_id = d.customer_id AND k.erased_at IS NOT NULL""");
    }
}
