package com.lealup.api.notification;

import com.lealup.api.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Attempt {@code attempt} failed in a way worth retrying; the next one is at {@code retryAt}. As in
 * {@link NotificationFailed}, {@code detail} is sealed with the key of the notification's customer; revision 2 added
 * {@code customerId} (null for none, and in revision 1).
 */
@Revision("2")
public record NotificationRetryScheduled(String notificationId, String workspaceId, NotificationSource source,
                                         int attempt, String reason, @PersonalData String detail, Instant retryAt,
                                         Instant failedAt, String customerId) {
}
