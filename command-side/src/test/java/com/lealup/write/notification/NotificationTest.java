package com.lealup.write.notification;

import static com.lealup.write.RejectionMatcher.invalidFields;
import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.notification.RecordNotificationOutcome;
import com.lealup.api.notification.SendNotification;
import com.lealup.write.customer.LiveCustomers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final String ID = "ntf_1";
    private static final String WS = "wsp_1";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final NotificationSource SOURCE = new NotificationSource("pbk_1", "run_1", 0);

    private static AggregateTestFixture<Notification> fixture() {
        return fixture((workspaceId, customerId) -> true);
    }

    private static AggregateTestFixture<Notification> fixture(LiveCustomers customers) {
        AggregateTestFixture<Notification> fixture = new AggregateTestFixture<>(Notification.class);
        fixture.registerInjectableResource(customers);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        return fixture;
    }

    private static NotificationRequested requested() {
        return new NotificationRequested(ID, WS, "slack", "#cs", "hello", Map.of("k", "v"), SOURCE, NOW, null);
    }

    private static RecordNotificationOutcome outcome(int attempt, String outcome, String reason) {
        return new RecordNotificationOutcome(ID, attempt, outcome, reason, reason == null ? null : "detail",
                RecordNotificationOutcome.RETRY.equals(outcome) ? NOW.plusSeconds(10) : null);
    }

    @Test
    void aRequestIsRecordedWithItsSource() {
        fixture().givenNoPriorActivity()
                .when(new SendNotification(ID, WS, "slack", "#cs", "hello", Map.of("k", "v"), SOURCE, null))
                .expectEvents(requested());
    }

    /** A playbook's notify about a customer trashed, purged or erased since the match: nothing goes out. */
    @Test
    void aNotificationAboutACustomerNoLongerLiveIsNotFound() {
        fixture((workspaceId, customerId) -> !customerId.equals("cus_gone"))
                .givenNoPriorActivity()
                .when(new SendNotification(ID, WS, "webhook", "https://x.test/h", null, Map.of(), SOURCE, "cus_gone"))
                .expectException(rejection(Kind.NOT_FOUND, "not_found")).expectNoEvents();
        fixture((workspaceId, customerId) -> !customerId.equals("cus_gone"))
                .givenNoPriorActivity()
                .when(new SendNotification(ID, WS, "webhook", "https://x.test/h", null, Map.of(), SOURCE, "cus_1"))
                .expectEvents(new NotificationRequested(ID, WS, "webhook", "https://x.test/h", null, Map.of(), SOURCE,
                        NOW, "cus_1"));
    }

    @Test
    void anUnknownChannelABlankTargetOrASlackMessageWithoutTextIsRefused() {
        fixture().givenNoPriorActivity().when(new SendNotification(ID, WS, "email", "a@b.c", "x", Map.of(), SOURCE, null))
                .expectException(rejection(Kind.INVALID, "unknown_value", "channel")).expectNoEvents();
        fixture().givenNoPriorActivity().when(new SendNotification(ID, WS, "webhook", " ", "x", Map.of(), SOURCE, null))
                .expectException(rejection(Kind.INVALID, "required", "target")).expectNoEvents();
        fixture().givenNoPriorActivity().when(new SendNotification(ID, WS, "slack", "#cs", "", Map.of(), SOURCE, null))
                .expectException(rejection(Kind.INVALID, "required", "text")).expectNoEvents();
        fixture().givenNoPriorActivity().when(new SendNotification(ID, WS, "slack", "#" + "c".repeat(2000), null,
                        Map.of(), SOURCE, null))
                .expectException(invalidFields("target too_long", "text required")).expectNoEvents();
    }

    @Test
    void aWebhookWithoutDataGetsAnEmptyMap() {
        fixture().givenNoPriorActivity().when(new SendNotification(ID, WS, "webhook", "https://x.test/h", null, null,
                        SOURCE, null))
                .expectEvents(new NotificationRequested(ID, WS, "webhook", "https://x.test/h", null, Map.of(), SOURCE,
                        NOW, null));
    }

    @Test
    void retriesThenDelivery() {
        fixture().given(requested(), new NotificationRetryScheduled(ID, WS, SOURCE, 1, "target_unavailable", "500",
                        NOW.plusSeconds(10), NOW, null))
                .when(outcome(2, RecordNotificationOutcome.DELIVERED, null))
                .expectEvents(new NotificationDelivered(ID, WS, SOURCE, 2, NOW));
    }

    @Test
    void aRetryIsScheduled() {
        fixture().given(requested())
                .when(outcome(1, RecordNotificationOutcome.RETRY, "target_unavailable"))
                .expectEvents(new NotificationRetryScheduled(ID, WS, SOURCE, 1, "target_unavailable", "detail",
                        NOW.plusSeconds(10), NOW, null));
    }

    @Test
    void aFailureIsFinal() {
        fixture().given(requested())
                .when(outcome(1, RecordNotificationOutcome.FAILED, "integration_not_connected"))
                .expectEvents(new NotificationFailed(ID, WS, SOURCE, "integration_not_connected", "detail", 1, NOW, null));
        fixture().given(requested(), new NotificationFailed(ID, WS, SOURCE, "target_rejected", "x", 1, NOW, null))
                .when(outcome(2, RecordNotificationOutcome.DELIVERED, null))
                .expectException(rejection(Kind.CONFLICT, "notification_closed")).expectNoEvents();
        fixture().given(requested(), new NotificationDelivered(ID, WS, SOURCE, 1, NOW))
                .when(outcome(2, RecordNotificationOutcome.RETRY, "target_unavailable"))
                .expectException(rejection(Kind.CONFLICT, "notification_closed")).expectNoEvents();
    }

    @Test
    void aRepeatedReportOfAnAttemptIsIgnored() {
        fixture().given(requested(), new NotificationRetryScheduled(ID, WS, SOURCE, 1, "target_unavailable", "500",
                        NOW.plusSeconds(10), NOW, null))
                .when(outcome(1, RecordNotificationOutcome.RETRY, "target_unavailable"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    /** The outcomes name the notification's customer, whose key seals their detail (docs/gdpr-erasure.md). */
    @Test
    void theOutcomesOfANotificationAboutACustomerNameIt() {
        NotificationRequested aboutCustomer = new NotificationRequested(ID, WS, "slack", "#cs", "hello", Map.of(),
                SOURCE, NOW, "cus_1");
        fixture().given(aboutCustomer)
                .when(outcome(1, RecordNotificationOutcome.RETRY, "target_unavailable"))
                .expectEvents(new NotificationRetryScheduled(ID, WS, SOURCE, 1, "target_unavailable", "detail",
                        NOW.plusSeconds(10), NOW, "cus_1"));
        fixture().given(aboutCustomer)
                .when(outcome(1, RecordNotificationOutcome.FAILED, "target_rejected"))
                .expectEvents(new NotificationFailed(ID, WS, SOURCE, "target_rejected", "detail", 1, NOW, "cus_1"));
    }
}
