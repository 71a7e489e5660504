package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The subscriptions' queues on the real tables, as the fan-out's batches fill them. */
class WebhookOutboxTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    /** The claims' time: long before T0, so that only the claim tests' subscriptions are due. */
    private static final Instant CLAIMED_AT = Instant.parse("2001-01-01T00:00:00Z");
    private static final Instant LEASED_UNTIL = CLAIMED_AT.plusSeconds(60);

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final WebhookOutbox outbox = new WebhookOutbox(jdbc,
            new DataSourceTransactionManager(TestDatabase.dataSource()));

    private static void inOneProcessorBatch(Runnable handler) {
        new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("batch"))).execute(handler);
    }

    private final List<String> subscriptions = new ArrayList<>();

    @AfterEach
    void removeSubscriptions() {
        subscriptions.forEach(outbox::removeEndpoint);
    }

    private String subscription() {
        return subscription("wsp_outbox_test", T0);
    }

    private String subscription(String workspaceId, Instant dueAt) {
        String id = "whs_" + UUID.randomUUID().toString().replace("-", "");
        outbox.addEndpoint(id, workspaceId, "https://example.com/hook", List.of("*"), dueAt);
        subscriptions.add(id);
        return id;
    }

    /** {@code count} subscriptions of the workspace, each with a pending delivery, due one second after another. */
    private List<String> dueSubscriptions(String workspaceId, int count, Instant firstDueAt) {
        List<String> due = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = subscription(workspaceId, firstDueAt.plusSeconds(i));
            outbox.enqueue(id, workspaceId, "msg_1", new WebhookPayload("customer.created", "{}", null), false, T0);
            due.add(id);
        }
        return due;
    }

    private List<String> claim(int limit) {
        return outbox.claim(CLAIMED_AT, LEASED_UNTIL, limit).stream().map(WebhookOutbox.Claimed::subscriptionId)
                .toList();
    }

    private static String workspace() {
        return "wsp_" + UUID.randomUUID().toString().replace("-", "");
    }

    private List<String> queue(String subscriptionId) {
        return outbox.pending(subscriptionId, 100).stream().map(WebhookOutbox.Delivery::messageId).toList();
    }

    private void enqueue(String subscriptionId, String messageId) {
        outbox.enqueue(subscriptionId, "wsp_outbox_test", messageId, new WebhookPayload("customer.created", "{}", null), false,
                T0);
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

    /** An erasure rewrites the deliveries about its customer, found by the customer each one names, and no other. */
    @Test
    void anErasureRewritesTheDeliveriesItsCustomerIsNamedByAndNoOther() {
        String one = subscription();
        String workspace = "wsp_outbox_test";
        for (String customer : List.of("cus_erased", "cus_kept")) {
            com.lealup.api.task.TaskCompleted completed = new com.lealup.api.task.TaskCompleted("tsk_" + customer,
                    workspace, customer, "Outcome of " + customer, "Notes", T0);
            WebhookPayload payload = WebhookFanOutPolicy.payload(WebhookCatalogue.of(completed.getClass()), completed,
                    GenericEventMessage.asEventMessage(completed), workspace);
            outbox.enqueue(one, workspace, "msg_" + customer, payload, false, T0);
        }

        outbox.eraseCustomer(workspace, "cus_erased");

        assertThat(jdbc.sql("SELECT customer_id || ' ' || (payload::jsonb -> 'data' ->> 'outcome') FROM webhook_delivery "
                        + "WHERE subscription_id = ? ORDER BY position").param(one).query(String.class).list())
                .containsExactly("cus_erased [erased]", "cus_kept Outcome of cus_kept");
    }

    /**
     * The fan-out rewrites rows of many subscriptions in one transaction (an erasure's payloads) while a worker marks its
     * deliveries: each holding a row the other wants is a deadlock. The mark gives way and tries again, so the fan-out,
     * whose batch every workspace's webhooks wait on, never fails for it, and nothing is marked twice or lost.
     */
    @Test
    void aDeliveredMarkGivesWayToTheFanOutInsteadOfDeadlockingIt() throws Exception {
        String one = subscription();
        enqueue(one, "msg_1");
        enqueue(one, "msg_2");
        List<WebhookOutbox.Delivery> pending = outbox.pending(one, 100);
        long first = pending.get(0).position();
        long second = pending.get(1).position();
        try (java.sql.Connection fanOut = TestDatabase.dataSource().getConnection()) {
            fanOut.setAutoCommit(false);
            try (java.sql.Statement statement = fanOut.createStatement()) {
                statement.executeUpdate("UPDATE webhook_delivery SET payload = payload WHERE position = " + second);
                java.util.concurrent.CompletableFuture<Void> mark = java.util.concurrent.CompletableFuture.runAsync(() ->
                        outbox.delivered(one, List.of(new WebhookOutbox.Acknowledged(pending.get(0), T0, 200),
                                new WebhookOutbox.Acknowledged(pending.get(1), T0, 200))));
                Thread.sleep(100); // the mark holds the first row and waits for the second
                // the fan-out wants the first: without giving way, one of the two is failed as a deadlock
                statement.executeUpdate("UPDATE webhook_delivery SET payload = payload WHERE position = " + first);
                fanOut.commit();
                mark.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(jdbc.sql("SELECT status || ' ' || attempts FROM webhook_delivery WHERE subscription_id = ? ORDER BY position")
                .param(one).query(String.class).list()).containsExactly("delivered 1", "delivered 1");
    }

    /**
     * A worker that lost its lease (its node stopped and gave the subscription back) hears its receiver's failure only
     * after the next holder delivered the same message: the delivery stays delivered, and is not sent again.
     */
    @Test
    void aLateFailedAttemptDoesNotTurnBackADeliveredDelivery() {
        String one = subscription();
        enqueue(one, "msg_1");
        WebhookOutbox.Delivery delivery = outbox.pending(one, 100).get(0);
        outbox.delivered(one, List.of(new WebhookOutbox.Acknowledged(delivery, T0.plusSeconds(1), 204)));

        outbox.failedAttempt(one, delivery, WebhookOutbox.PENDING, T0.plusSeconds(2), 503, "The endpoint answered 503",
                T0.plusSeconds(60));

        assertThat(outbox.pending(one, 100)).isEmpty();
        assertThat(jdbc.sql("SELECT status || ' ' || attempts || ' ' || last_status FROM webhook_delivery "
                + "WHERE subscription_id = ?").param(one).query(String.class).single()).isEqualTo("delivered 1 204");
    }

    @Test
    void aWorkspaceHoldingWorkersGivesWayToAnotherWorkspacesDueSubscription() {
        // the busy workspace's subscriptions have been due the longest, and four are being worked (by any node)
        List<String> busyOnes = dueSubscriptions(workspace(), 8, CLAIMED_AT.minusSeconds(3_600));
        assertThat(claim(4)).containsExactlyInAnyOrderElementsOf(busyOnes.subList(0, 4));
        List<String> waiting = dueSubscriptions(workspace(), 1, CLAIMED_AT.minusSeconds(1));

        assertThat(claim(4)).as("the other workspace's first, then the busy one's oldest")
                .containsExactlyInAnyOrder(waiting.get(0), busyOnes.get(4), busyOnes.get(5), busyOnes.get(6));
    }

    @Test
    void workspacesWithNothingLeasedShareTheWorkersOldestDueFirst() {
        List<String> many = dueSubscriptions(workspace(), 8, CLAIMED_AT.minusSeconds(3_600));
        List<String> few = dueSubscriptions(workspace(), 2, CLAIMED_AT.minusSeconds(10));

        assertThat(claim(4)).containsExactlyInAnyOrder(many.get(0), few.get(0), many.get(1), few.get(1));
    }

    @Test
    void aLoneWorkspaceGetsEveryFreeWorker() {
        List<String> due = dueSubscriptions(workspace(), 8, CLAIMED_AT.minusSeconds(3_600));
        assertThat(claim(4)).containsExactlyInAnyOrderElementsOf(due.subList(0, 4));
        assertThat(claim(4)).as("still the only one due, though it holds leases")
                .containsExactlyInAnyOrderElementsOf(due.subList(4, 8));
        assertThat(claim(4)).as("leased, so not due again").isEmpty();
    }

    @Test
    void aWorkspaceHoldingMoreLeasesHearsThatAnotherWaits() {
        String busy = workspace();
        dueSubscriptions(busy, 3, CLAIMED_AT.minusSeconds(3_600));
        claim(2);
        assertThat(outbox.anotherWorkspaceWaitsWithFewerLeases(busy, CLAIMED_AT)).as("only its own wait").isFalse();

        String other = workspace();
        dueSubscriptions(other, 2, CLAIMED_AT.minusSeconds(1));
        assertThat(outbox.anotherWorkspaceWaitsWithFewerLeases(busy, CLAIMED_AT)).isTrue();

        claim(1);
        assertThat(outbox.anotherWorkspaceWaitsWithFewerLeases(busy, CLAIMED_AT)).as("one lease against two").isTrue();
        claim(1);
        assertThat(outbox.anotherWorkspaceWaitsWithFewerLeases(busy, CLAIMED_AT)).as("as many as it holds").isFalse();
        assertThat(outbox.anotherWorkspaceWaitsWithFewerLeases(other, CLAIMED_AT)).as("the busy one holds as many")
                .isFalse();
    }
}
