package com.lealup.api.notification;

import java.time.Instant;

/**
 * The notification will not be delivered: {@code reason} is a stable code (e.g.
 * {@code integration_not_connected}, {@code target_rejected}, {@code retries_exhausted}) and {@code detail}
 * says more.
 */
public record NotificationFailed(String notificationId, String workspaceId, NotificationSource source, String reason,
                                 String detail, int attempts, Instant failedAt) {
}
