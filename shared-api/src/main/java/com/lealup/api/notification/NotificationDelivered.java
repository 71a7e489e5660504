package com.lealup.api.notification;

import java.time.Instant;

/** The notification reached its target, after {@code attempts} attempts. */
public record NotificationDelivered(String notificationId, String workspaceId, NotificationSource source,
                                    int attempts, Instant deliveredAt) {
}
