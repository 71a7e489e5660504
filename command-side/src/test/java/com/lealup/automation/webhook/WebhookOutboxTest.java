package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The subscriptions' queues on the real tables, as the fan-out's batches fill them. */
class WebhookOutboxTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final WebhookOutbox outbox = new WebhookOutbox(jdbc,
            new DataSourceTransactionManager(TestDatabase.dataSource()));

    private static void inOneProcessorBatch(Runnable handler) {
        new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("batch"))).execute(handler);
    }

    private String subscription() {
        String id = "whs_" + UUID.randomUUID().toString().replace("-", "");
        outbox.addEndpoint(id, "wsp_outbox_test", "https://example.com/hook", List.of("*"), T0);
        return id;
    }

    private List<String> queue(String subscriptionId) {
        return outbox.pending(subscriptionId, 100).stream().map(WebhookOutbox.Delivery::messageId).toList();
    }

    private void enqueue(String subscriptionId, String messageId) {
        outbox.enqueue(subscriptionId, "wsp_outbox_test", messageId, "customer.created", "{}", false, T0);
    }

    @Test
    void aBatchsDeliveriesAreInsertedAtItsCommitInTheOrderTheyWereQueued() {
        String one = subscription();
        String two = subscription();
        enqueue(one, "msg_0");

        inOneProcessorBatch(() -> {
            for (int i = 1; i <= 6; i++) {
                enqueue(i % 2 == 0 ? two : one, "msg_" + i);
            }
            assertThat(queue(one)).as("queued until the batch commits").containsExactly("msg_0");
        });

        assertThat(queue(one)).containsExactly("msg_0", "msg_1", "msg_3", "msg_5");
        assertThat(queue(two)).containsExactly("msg_2", "msg_4", "msg_6");
        assertThat(jdbc.sql("""
                        SELECT bool_and(status = 'pending' AND attempts = 0 AND created_at = ? AND NOT replay)
                        FROM webhook_delivery WHERE subscription_id IN (?, ?)""")
                .params(Timestamp.from(T0), one, two).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aSubscriptionDeletedInTheSameBatchKeepsNoneOfItsQueuedDeliveries() {
        String gone = subscription();
        inOneProcessorBatch(() -> {
            enqueue(gone, "msg_1");
            outbox.removeEndpoint(gone);
        });
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ?").param(gone)
                .query(Long.class).single()).isZero();
    }

    @Test
    void theDeliveredMarkRecordsEachAcknowledgedDeliveryAndNoOther() {
        String one = subscription();
        String other = subscription();
        for (int i = 1; i <= 5; i++) {
            enqueue(one, "msg_" + i);
            enqueue(other, "msg_" + i);
        }
        List<WebhookOutbox.Delivery> pending = outbox.pending(one, 100);
        Instant failedAt = T0.plusSeconds(1);
        // the third failed for good in the middle of the batch: inside the batch's range of positions, not marked
        outbox.failedAttempt(one, pending.get(2), WebhookOutbox.FAILED, failedAt, 500, "The endpoint answered 500",
                null);
        List<WebhookOutbox.Acknowledged> acknowledged = List.of(
                new WebhookOutbox.Acknowledged(pending.get(0), T0.plusNanos(1_234_567_000), 200),
                new WebhookOutbox.Acknowledged(pending.get(1), T0.plusSeconds(2), 204),
                new WebhookOutbox.Acknowledged(pending.get(3), T0.plusSeconds(3), 202));

        outbox.delivered(one, acknowledged);

        assertThat(jdbc.sql("""
                        SELECT message_id || ' ' || status || ' ' || attempts || ' ' || coalesce(last_status, 0) || ' '
                            || coalesce(to_char(delivered_at AT TIME ZONE 'UTC', 'HH24:MI:SS.US'), '-')
                        FROM webhook_delivery WHERE subscription_id = ? ORDER BY position""")
                .param(one).query(String.class).list()).containsExactly(
                "msg_1 delivered 1 200 10:00:01.234567",
                "msg_2 delivered 1 204 10:00:02.000000",
                "msg_3 failed 1 500 -",
                "msg_4 delivered 1 202 10:00:03.000000",
                "msg_5 pending 0 0 -");
        assertThat(queue(other)).as("another subscription's queue, the same positions' range")
                .containsExactly("msg_1", "msg_2", "msg_3", "msg_4", "msg_5");
    }
}
