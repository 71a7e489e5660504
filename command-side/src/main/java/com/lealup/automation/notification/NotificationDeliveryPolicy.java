package com.lealup.automation.notification;

import com.lealup.api.customer.CustomerErased;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.projections.Lingers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Turns each requested notification into a row of the {@link NotificationOutbox}, which the
 * {@link NotificationDispatcher} works off; nothing is delivered here, nor in the command's transaction.
 * A replay must not send old messages again, so this policy is not replayed.
 */
@Component
@ProcessingGroup(NotificationDeliveryPolicy.PROCESSING_GROUP)
@Lingers
class NotificationDeliveryPolicy {

    static final String PROCESSING_GROUP = "notification-delivery";

    private final NotificationOutbox outbox;
    private final NotificationDeliverySettings settings;

    NotificationDeliveryPolicy(NotificationOutbox outbox, NotificationDeliverySettings settings) {
        this.outbox = outbox;
        this.settings = settings;
    }

    @EventHandler
    @DisallowReplay
    void on(NotificationRequested event) {
        outbox.add(event, event.requestedAt().plus(settings.maxTotal));
    }

    @EventHandler
    @DisallowReplay
    void on(NotificationDelivered event) {
        outbox.remove(event.notificationId());
    }

    @EventHandler
    @DisallowReplay
    void on(CustomerErased event) {
        outbox.forgetCustomer(event.customerId());
    }

    @EventHandler
    @DisallowReplay
    void on(NotificationFailed event) {
        outbox.remove(event.notificationId());
    }
}
