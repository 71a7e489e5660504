package com.lealup.automation.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.customer.CustomerErased;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationSource;
import com.lealup.automation.notification.NotificationOutbox.Pending;
import com.lealup.testing.ProcessingOrders;
import com.lealup.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notification delivery policy on the real outbox table, on a controlled time line: each requested notification
 * becomes one due delivery with its deadline, a claimed one is leased to its node until the lease expires, and the
 * outcome or the customer's erasure takes it out.
 */
class NotificationDeliveryPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    private static final Duration MAX_TOTAL = Duration.ofHours(24);
    private static final NotificationSource SOURCE = new NotificationSource("pbk_1", "run_1", 0);

    private final NotificationOutbox outbox = new NotificationOutbox(TestDatabase.jdbc());
    private final NotificationDeliverySettings settings = new NotificationDeliverySettings(Duration.ofSeconds(10), Duration.ofMinutes(15), 10,
            MAX_TOTAL, Duration.ofSeconds(10), 4);
    private final NotificationDeliveryPolicy policy = new NotificationDeliveryPolicy(outbox, settings);
    private final String ws = "wsp_delivery_test";

    @BeforeEach
    void emptyOutbox() {
        TestDatabase.jdbc().sql("DELETE FROM notification_outbox").update();
    }

    private NotificationRequested requested(String id, String customerId) {
        return new NotificationRequested(id, ws, "webhook", "https://hooks.example.com/cs", "Churn risk",
                Map.of("customer_id", customerId), SOURCE, T0, customerId);
    }

    private List<String> claimed(Instant now) {
        return outbox.claim(now, now.plus(settings.lease()), 10).stream().map(Pending::notificationId).toList();
    }

    @Test
    void aRequestedNotificationIsDueAtOnceWithTheDeadlineOfTheSettings() {
        policy.on(requested("ntf_a", "cus_1"));

        assertThat(outbox.claim(T0, T0.plus(settings.lease()), 10)).singleElement().satisfies(pending -> {
            assertThat(pending.notificationId()).isEqualTo("ntf_a");
            assertThat(pending.deadline()).isEqualTo(T0.plus(MAX_TOTAL));
            assertThat(pending.attempts()).isZero();
            assertThat(pending.data()).containsEntry("customer_id", "cus_1");
        });
    }

    @Test
    void aRedeliveredRequestQueuesItOnce() {
        policy.on(requested("ntf_a", "cus_1"));
        policy.on(requested("ntf_a", "cus_1"));

        assertThat(claimed(T0)).containsExactly("ntf_a");
    }

    @Test
    void aClaimedDeliveryIsLeasedToItsNodeUntilTheLeaseExpires() {
        policy.on(requested("ntf_a", "cus_1"));

        assertThat(claimed(T0)).containsExactly("ntf_a");
        assertThat(claimed(T0.plus(settings.lease()).minusSeconds(1))).as("another node, within the lease").isEmpty();
        assertThat(claimed(T0.plus(settings.lease()))).as("the node died mid-attempt: tried again")
                .containsExactly("ntf_a");
    }

    @Test
    void aRescheduledDeliveryWaitsForItsNextAttempt() {
        policy.on(requested("ntf_a", "cus_1"));
        claimed(T0);
        Instant retryAt = T0.plus(settings.backoff(1, null));
        outbox.reschedule("ntf_a", 1, retryAt);

        assertThat(claimed(retryAt.minusSeconds(1))).isEmpty();
        assertThat(outbox.claim(retryAt, retryAt.plus(settings.lease()), 10)).singleElement()
                .satisfies(pending -> assertThat(pending.attempts()).isEqualTo(1));
    }

    @Test
    void theOutcomeTakesTheDeliveryOut() {
        policy.on(requested("ntf_a", "cus_1"));
        policy.on(requested("ntf_b", "cus_1"));

        policy.on(new NotificationDelivered("ntf_a", ws, SOURCE, 1, T0.plusSeconds(1)));
        policy.on(new NotificationFailed("ntf_b", ws, SOURCE, "target_refused", "410 Gone", 1, T0.plusSeconds(1), null));

        assertThat(claimed(T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void anErasedCustomersPendingDeliveriesGoAndTheOthersStay() {
        policy.on(requested("ntf_a", "cus_erased"));
        policy.on(requested("ntf_b", "cus_kept"));

        policy.on(new CustomerErased("cus_erased", ws, CustomerErased.ON_REQUEST, T0.plusSeconds(5)));

        assertThat(claimed(T0.plusSeconds(5))).containsExactly("ntf_b");
    }

    @Test
    void aNotificationOfAnErasedCustomerIsNotDeliveredWhicheverSegmentHandlesItsEventsFirst() {
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(
                ProcessingOrders.registeredFor(NotificationDeliveryPolicy.PROCESSING_GROUP,
                        new NotificationDeliveryProcessingConfiguration().notificationDeliverySequencedByWorkspace()),
                ProcessingOrders.ofAggregate("Notification", "ntf_a", 0, requested("ntf_a", "cus_erased"), ws),
                ProcessingOrders.ofAggregate("Customer", "cus_erased", 4, new CustomerErased("cus_erased", ws,
                        CustomerErased.ON_REQUEST, T0.plusSeconds(5)), ws));

        for (List<EventMessage<?>> order : orders) {
            ProcessingOrders.handle(policy, order);
            assertThat(claimed(T0.plusSeconds(5))).as("due after %s", ProcessingOrders.describe(order)).isEmpty();
        }
    }
}
