package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthTrigger;
import com.lealup.api.webhook.WebhookSubscriptionCreated;
import com.lealup.api.webhook.WebhookSubscriptionDisabled;
import com.lealup.api.webhook.WebhookSubscriptionUpdated;
import com.lealup.testing.ProcessingOrders;
import com.lealup.testing.TestDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The fan-out's batches: the workspace's routes read once per batch, read again after a subscription's event. */
class WebhookFanOutPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final List<String> routesRead = new ArrayList<>();
    private final WebhookOutbox outbox = new WebhookOutbox(jdbc,
            new DataSourceTransactionManager(TestDatabase.dataSource())) {
        @Override
        List<Route> routes(String workspaceId) {
            routesRead.add(workspaceId);
            return super.routes(workspaceId);
        }
    };
    private final WebhookFanOutPolicy fanOut =
            new WebhookFanOutPolicy(outbox, new WebhookReplays(jdbc), Clock.fixed(T0, ZoneOffset.UTC));
    private final String workspace = Ids.next(Ids.WORKSPACE);
    private final SequencingPolicy<? super EventMessage<?>> sequencing = ProcessingOrders.registeredFor(
            WebhookFanOutPolicy.PROCESSING_GROUP, new WebhookFanOutProcessingConfiguration().webhookFanOutSequencedByWorkspace());

    @Test
    void aBatchReadsAWorkspacesRoutesOnceAndAgainAfterEachSubscriptionEvent() {
        String first = Ids.next(Ids.WEBHOOK);
        String second = Ids.next(Ids.WEBHOOK);
        handleInOneBatch(
                deleted("cus_1"),
                new WebhookSubscriptionCreated(first, workspace, "https://example.com/a", List.of("*"), null, T0),
                deleted("cus_2"),
                deleted("cus_3"),
                new WebhookSubscriptionCreated(second, workspace, "https://example.com/b", List.of("*"), null, T0),
                deleted("cus_4"),
                new WebhookSubscriptionDisabled(first, workspace, "failing", T0),
                deleted("cus_5"));

        assertThat(routesRead).hasSize(4);
        assertThat(deliveries(first)).containsExactly("cus_2", "cus_3", "cus_4");
        assertThat(deliveries(second)).containsExactly("cus_4", "cus_5");
    }

    @Test
    void theEventsAfterAnUpdateAreRoutedByItsTypes() {
        String subscription = Ids.next(Ids.WEBHOOK);
        handleInOneBatch(
                new WebhookSubscriptionCreated(subscription, workspace, "https://example.com/a",
                        List.of("customer.deleted"), null, T0),
                deleted("cus_1"),
                new WebhookSubscriptionUpdated(subscription, workspace, "https://example.com/b",
                        List.of("task.created"), null, T0),
                deleted("cus_2"),
                new WebhookSubscriptionUpdated(subscription, workspace, "https://example.com/b",
                        List.of("task.created", "customer.deleted"), null, T0),
                deleted("cus_3"));

        assertThat(deliveries(subscription)).containsExactly("cus_1", "cus_3");
        assertThat(jdbc.sql("SELECT url FROM webhook_endpoint WHERE subscription_id = ?").param(subscription)
                .query(String.class).single()).isEqualTo("https://example.com/b");
    }

    /**
     * The queue goes to the new URL at once: the old one's back-off and failures are not the new one's, nor is the
     * retry window its deliveries started there.
     */
    @Test
    void aNewUrlEndsTheOldOnesBackOffAndFailuresAndTheSameUrlKeepsThem() {
        String subscription = Ids.next(Ids.WEBHOOK);
        fanOut.on(new WebhookSubscriptionCreated(subscription, workspace, "https://example.com/a",
                List.of("customer.deleted"), null, T0));
        fanOut.on(message(deleted("cus_1")));
        Instant retryAt = T0.plusSeconds(3600);
        jdbc.sql("UPDATE webhook_endpoint SET failing_since = ?, next_attempt_at = ? WHERE subscription_id = ?")
                .params(Timestamp.from(T0.minusSeconds(86_400)), Timestamp.from(retryAt), subscription).update();
        jdbc.sql("UPDATE webhook_delivery SET attempts = 3, first_attempt_at = ?, next_attempt_at = ? "
                        + "WHERE subscription_id = ?")
                .params(Timestamp.from(T0.minusSeconds(80_000)), Timestamp.from(retryAt), subscription).update();

        fanOut.on(new WebhookSubscriptionUpdated(subscription, workspace, "https://example.com/a",
                List.of("*"), "Same URL", T0));
        assertThat(endpointAndHead(subscription)).containsExactly(T0.minusSeconds(86_400), retryAt, retryAt);

        fanOut.on(new WebhookSubscriptionUpdated(subscription, workspace, "https://example.com/b",
                List.of("*"), "Moved", T0));
        assertThat(endpointAndHead(subscription)).containsExactly(null, T0, null);
        assertThat(deliveries(subscription)).as("still queued").containsExactly("cus_1");
        assertThat(jdbc.sql("SELECT first_attempt_at FROM webhook_delivery WHERE subscription_id = ?")
                .param(subscription).query(Timestamp.class).optional()).as("a fresh retry window").isEmpty();
    }

    /** The endpoint's failing_since and next_attempt_at, and its head delivery's next_attempt_at. */
    private List<Instant> endpointAndHead(String subscription) {
        return jdbc.sql("""
                        SELECT e.failing_since, e.next_attempt_at, d.next_attempt_at FROM webhook_endpoint e
                        JOIN webhook_delivery d ON d.subscription_id = e.subscription_id WHERE e.subscription_id = ?""")
                .param(subscription)
                .query((rs, n) -> Arrays.asList(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3))))
                .single();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @Test
    void outsideABatchEveryEventReadsTheRoutes() {
        fanOut.on(message(deleted("cus_1")));
        fanOut.on(message(deleted("cus_2")));

        assertThat(routesRead).hasSize(2);
    }

    @Test
    void anEventAfterASubscriptionsCreationIsQueuedWhicheverSegmentHandlesItsEventsFirst() {
        String subscription = Ids.next(Ids.WEBHOOK);
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(sequencing,
                ProcessingOrders.ofAggregate("WebhookSubscription", subscription, 0, new WebhookSubscriptionCreated(
                        subscription, workspace, "https://example.com/a", List.of("*"), null, T0), workspace),
                ProcessingOrders.ofAggregate("Customer", "cus_1", 1, deleted("cus_1"), workspace));

        for (List<EventMessage<?>> order : orders) {
            jdbc.sql("DELETE FROM webhook_delivery WHERE subscription_id = ?").param(subscription).update();
            jdbc.sql("DELETE FROM webhook_endpoint WHERE subscription_id = ?").param(subscription).update();
            ProcessingOrders.handle(fanOut, order);
            assertThat(deliveries(subscription)).as("queued after %s", ProcessingOrders.describe(order))
                    .containsExactly("cus_1");
        }
    }

    @Test
    void aCustomersHealthChangesAreQueuedInTheStoresOrderWhicheverSegmentHandlesThemFirst() {
        String subscription = Ids.next(Ids.WEBHOOK);
        fanOut.on(new WebhookSubscriptionCreated(subscription, workspace, "https://example.com/a", List.of("*"), null,
                T0));
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(sequencing,
                ProcessingOrders.ofNoAggregate(new HealthScoreCalculated("cus_1", workspace, 1, 35, "at_risk", null,
                        null, 1, List.of(), T0, HealthTrigger.EVENTS), workspace),
                ProcessingOrders.ofNoAggregate(new HealthScoreCalculated("cus_1", workspace, 2, 80, "healthy", 35,
                        "at_risk", 1, List.of(), T0.plusSeconds(60), HealthTrigger.EVENTS), workspace));

        for (List<EventMessage<?>> order : orders) {
            jdbc.sql("DELETE FROM webhook_delivery WHERE subscription_id = ?").param(subscription).update();
            ProcessingOrders.handle(fanOut, order);
            assertThat(jdbc.sql("SELECT payload::json -> 'data' ->> 'status' FROM webhook_delivery"
                            + " WHERE subscription_id = ? ORDER BY position").param(subscription).query(String.class)
                    .list()).as("queued after %s", ProcessingOrders.describe(order))
                    .containsExactly("at_risk", "healthy");
        }
    }

    private CustomerDeleted deleted(String customerId) {
        return new CustomerDeleted(customerId, workspace, T0, T0.plusSeconds(86_400));
    }

    private EventMessage<?> message(Object payload) {
        return new GenericEventMessage<>(payload, Map.of(MetadataKeys.WORKSPACE_ID, workspace));
    }

    /** As the processor runs them: one unit of work over the batch, each event to the handler of its type. */
    private void handleInOneBatch(Object... payloads) {
        List<EventMessage<?>> messages = Arrays.stream(payloads).<EventMessage<?>>map(this::message).toList();
        new BatchingUnitOfWork<>(messages).execute(() -> {
            EventMessage<?> message = (EventMessage<?>) CurrentUnitOfWork.get().getMessage();
            if (message.getPayload() instanceof WebhookSubscriptionCreated created) {
                fanOut.on(created);
            } else if (message.getPayload() instanceof WebhookSubscriptionUpdated updated) {
                fanOut.on(updated);
            } else if (message.getPayload() instanceof WebhookSubscriptionDisabled disabled) {
                fanOut.on(disabled);
            } else {
                fanOut.on(message);
            }
        });
    }

    private List<String> deliveries(String subscriptionId) {
        return jdbc.sql("SELECT payload::json -> 'data' ->> 'customer_id' FROM webhook_delivery WHERE subscription_id = ?"
                        + " ORDER BY position")
                .param(subscriptionId).query(String.class).list();
    }
}
