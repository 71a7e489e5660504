package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.task.TaskCompleted;
import com.lealup.automation.webhook.WebhookOutbox.Claimed;
import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A worker's slice, on the real tables and the test clock: receivers that take 4 s to answer (the clock moved by each
 * post), a slice of 5 s.
 */
class WebhookDispatcherTest {

    /** Long before the other tests' times, so that only this test's subscriptions are due. */
    private static final Instant START = Instant.parse("2002-01-01T00:00:00Z");
    private static final Duration ANSWER_TIME = Duration.ofSeconds(4);

    private final TestClock clock = TestClock.fixedAt(START);
    private final WebhookOutbox outbox = new WebhookOutbox(TestDatabase.jdbc(),
            new DataSourceTransactionManager(TestDatabase.dataSource()));
    private final WebhookDeliverySettings settings = new WebhookDeliverySettings(Duration.ofSeconds(5),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(5), Duration.ofMinutes(1), Duration.ofSeconds(5),
            4, 100);
    /** The subscriptions each post went to, in order. */
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final WebhookSender slowReceivers = new WebhookSender(null, Duration.ofSeconds(10), 1, clock) {
        @Override
        public Outcome post(String url, String messageId, String body, List<String> secrets, boolean replay) {
            posted.add(url);
            clock.advance(ANSWER_TIME);
            return new Outcome.Answered(204, null);
        }
    };
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(outbox, slowReceivers,
            (subscriptionId, now) -> List.of("whsec_c2VjcmV0"), settings, null, clock, Duration.ofSeconds(10));
    private final List<String> subscriptions = new ArrayList<>();

    @AfterEach
    void removeSubscriptions() throws Exception {
        subscriptions.forEach(outbox::removeEndpoint);
        dispatcher.stop();
        slowReceivers.close();
    }

    /** A subscription of its own workspace (its URL is its id) with {@code pending} deliveries, due now. */
    private String subscriptionWith(int pending) {
        String workspaceId = "wsp_" + UUID.randomUUID().toString().replace("-", "");
        String id = "whs_" + UUID.randomUUID().toString().replace("-", "");
        outbox.addEndpoint(id, workspaceId, id, List.of("*"), clock.instant());
        subscriptions.add(id);
        for (int i = 0; i < pending; i++) {
            outbox.enqueue(id, workspaceId, "msg_" + i, new WebhookPayload("customer.created", "{}", null), false, START);
        }
        return id;
    }

    private Claimed claimOne() {
        Instant now = clock.instant();
        List<Claimed> claimed = outbox.claim(now, settings.leaseFrom(now), 1);
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    @Test
    void aSlowQueueIsGivenBackAfterItsSliceWhenAnotherWorkspaceWaits() {
        String slow = subscriptionWith(5);
        Claimed worked = claimOne();
        String waiting = subscriptionWith(1);

        dispatcher.work(worked);

        assertThat(posted).as("sent until the slice was over, the other workspace waiting")
                .containsExactly(slow, slow);
        assertThat(claimOne().subscriptionId()).isEqualTo(waiting);
        assertThat(claimOne().subscriptionId()).as("given back, due at once").isEqualTo(slow);
        assertThat(outbox.pending(slow, 100)).extracting(WebhookOutbox.Delivery::messageId)
                .containsExactly("msg_2", "msg_3", "msg_4");
    }

    @Test
    void aLoneWorkspaceKeepsItsWorkerPastItsSlice() {
        String alone = subscriptionWith(5);

        dispatcher.work(claimOne());

        assertThat(posted).hasSize(5).containsOnly(alone);
        assertThat(outbox.pending(alone, 100)).isEmpty();
    }

    /**
     * A customer erased while a worker sends a batch it read before: what goes out after the erasure is what the
     * queue holds then, the rewritten payload, never the one the worker read.
     */
    @Test
    void aDeliveryReadBeforeItsCustomersErasureGoesOutErased() throws Exception {
        String workspaceId = "wsp_" + UUID.randomUUID().toString().replace("-", "");
        String id = "whs_" + UUID.randomUUID().toString().replace("-", "");
        outbox.addEndpoint(id, workspaceId, id, List.of("*"), clock.instant());
        subscriptions.add(id);
        for (int i = 0; i < 3; i++) {
            TaskCompleted completed = new TaskCompleted("tsk_" + i, workspaceId, "cus_erin", "Erin's outcome " + i,
                    "Erin's notes", START);
            outbox.enqueue(id, workspaceId, "msg_" + i, WebhookFanOutPolicy.payload(WebhookCatalogue.of(
                    completed.getClass()), completed, GenericEventMessage.asEventMessage(completed), workspaceId),
                    false, START);
        }
        List<String> bodies = new CopyOnWriteArrayList<>();
        WebhookSender receiver = new WebhookSender(null, Duration.ofSeconds(10), 1, clock) {
            @Override
            public Outcome post(String url, String messageId, String body, List<String> secrets, boolean replay) {
                bodies.add(body);
                if (bodies.size() == 1) {
                    outbox.eraseCustomer(workspaceId, "cus_erin"); // committed while the worker holds the batch
                }
                return new Outcome.Answered(204, null);
            }
        };
        try (receiver) {
            new WebhookDispatcher(outbox, receiver, (subscriptionId, now) -> List.of("whsec_c2VjcmV0"), settings, null,
                    clock, Duration.ofSeconds(10)).work(claimOne());
        }

        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0)).contains("Erin's outcome 0");
        assertThat(bodies.subList(1, 3)).allSatisfy(body -> assertThat(body).doesNotContain("Erin")
                .contains("\"outcome\":\"[erased]\""));
    }

    /**
     * A node's clean stop lets the attempt under way end, records it, and gives the subscription back, due at once:
     * another node goes on with it now, not when the lease (a minute) runs out.
     */
    @Test
    void aCleanStopEndsTheAttemptUnderWayAndGivesTheSubscriptionBack() throws Exception {
        CountDownLatch inSecondPost = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        WebhookSender receiver = new WebhookSender(null, Duration.ofSeconds(10), 1, clock) {
            @Override
            public Outcome post(String url, String messageId, String body, List<String> secrets, boolean replay) {
                sent.add(messageId);
                if (sent.size() == 2) {
                    inSecondPost.countDown();
                    try {
                        answer.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                clock.advance(Duration.ofSeconds(1));
                return new Outcome.Answered(204, null);
            }
        };
        WebhookDispatcher stopping = new WebhookDispatcher(outbox, receiver,
                (subscriptionId, now) -> List.of("whsec_c2VjcmV0"), settings, null, clock, Duration.ofSeconds(10));
        String subscription = subscriptionWith(5);
        try {
            stopping.dispatch();
            assertThat(inSecondPost.await(10, TimeUnit.SECONDS)).isTrue();

            CountDownLatch stopped = new CountDownLatch(1);
            stopping.stop(stopped::countDown);
            answer.countDown();

            assertThat(stopped.await(3, TimeUnit.SECONDS)).as("within the grace: the attempt ended").isTrue();
            assertThat(sent).containsExactly("msg_0", "msg_1");
            assertThat(outbox.pending(subscription, 100)).extracting(WebhookOutbox.Delivery::messageId)
                    .containsExactly("msg_2", "msg_3", "msg_4");
            assertThat(claimOne().subscriptionId()).as("given back, due at once").isEqualTo(subscription);
        } finally {
            receiver.close();
        }
    }
}
