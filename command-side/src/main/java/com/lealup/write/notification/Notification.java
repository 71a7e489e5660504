package com.lealup.write.notification;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.Characters;
import com.lealup.api.DomainRejection;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.notification.RecordNotificationOutcome;
import com.lealup.api.notification.SendNotification;
import com.lealup.write.Validation;
import com.lealup.write.customer.LiveCustomers;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One message to go out: requested, then delivered or failed (both final), with scheduled retries in
 * between. It decides nothing about transport: the delivery policy
 * ({@code com.lealup.automation.notification}) attempts and reports each attempt's outcome.
 */
@Aggregate
class Notification {

    static final String SLACK = "slack";
    static final String WEBHOOK = "webhook";
    private static final Set<String> CHANNELS = Set.of(SLACK, WEBHOOK);
    static final int MAX_TARGET_LENGTH = 2000;

    @AggregateIdentifier
    private String notificationId;
    private String workspaceId;
    private NotificationSource source;
    /** Whose key seals the failures' detail (null for a notification about no customer). */
    private String customerId;
    private int attempts;
    private boolean closed;

    Notification() {
        // for Axon
    }

    @CommandHandler
    Notification(SendNotification command, LiveCustomers customers, Clock clock) {
        // a playbook's notify may come after its customer went to the trash or was erased: then nothing goes out
        // about it, as its task and custom field actions are not_found too
        if (command.customerId() != null && !customers.isLive(command.workspaceId(), command.customerId())) {
            throw DomainRejection.notFound(command.customerId());
        }
        Validation fields = new Validation();
        if (!CHANNELS.contains(command.channel())) {
            fields.error("unknown_value", "channel", "channel must be one of slack, webhook");
        }
        if (command.target() == null || command.target().isBlank()) {
            fields.error("required", "target", "target is required");
        } else if (Characters.count(command.target()) > MAX_TARGET_LENGTH) {
            fields.error("too_long", "target", "target is longer than " + MAX_TARGET_LENGTH);
        }
        if (SLACK.equals(command.channel()) && (command.text() == null || command.text().isBlank())) {
            fields.error("required", "text", "A Slack message needs a text");
        }
        fields.throwIfInvalid();
        apply(new NotificationRequested(command.notificationId(), command.workspaceId(), command.channel(),
                command.target(), command.text(), command.data() == null ? Map.of() : command.data(),
                command.source(), clock.instant(), command.customerId()));
    }

    @CommandHandler
    void handle(RecordNotificationOutcome command, Clock clock) {
        if (closed) {
            throw DomainRejection.conflict("notification_closed", "Notification '" + notificationId
                    + "' is already delivered or failed", Map.of());
        }
        if (command.attempt() <= attempts) {
            // a redelivered report of an attempt already recorded
            return;
        }
        Instant now = clock.instant();
        switch (command.outcome()) {
            case RecordNotificationOutcome.DELIVERED -> apply(new NotificationDelivered(notificationId, workspaceId,
                    source, command.attempt(), now));
            case RecordNotificationOutcome.FAILED -> apply(new NotificationFailed(notificationId, workspaceId, source,
                    command.reason(), command.detail(), command.attempt(), now, customerId));
            case RecordNotificationOutcome.RETRY -> apply(new NotificationRetryScheduled(notificationId, workspaceId,
                    source, command.attempt(), command.reason(), command.detail(), command.retryAt(), now, customerId));
            default -> throw DomainRejection.invalid("unknown_value", "outcome", "Unknown outcome " + command.outcome());
        }
    }

    @EventSourcingHandler
    void on(NotificationRequested event) {
        notificationId = event.notificationId();
        workspaceId = event.workspaceId();
        source = event.source();
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(NotificationRetryScheduled event) {
        attempts = event.attempt();
    }

    @EventSourcingHandler
    void on(NotificationDelivered event) {
        attempts = event.attempts();
        closed = true;
    }

    @EventSourcingHandler
    void on(NotificationFailed event) {
        attempts = event.attempts();
        closed = true;
    }
}
