package com.lealup.api.notification;

import java.time.Instant;

/** Attempt {@code attempt} failed in a way worth retrying; the next one is at {@code retryAt}. */
public record NotificationRetryScheduled(String notificationId, String workspaceId, NotificationSource source,
                                         int attempt, String reason, String detail, Instant retryAt,
                                         Instant failedAt) {
}
