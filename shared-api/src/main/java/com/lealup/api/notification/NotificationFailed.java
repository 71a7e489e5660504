package com.lealup.api.notification;

import com.lealup.api.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The notification will not be delivered: {@code reason} is a stable code (e.g.
 * {@code integration_not_connected}, {@code target_rejected}, {@code retries_exhausted}) and {@code detail}
 * says more. The detail can quote what the target answered (a receiver's error may name a contact), so it is sealed
 * with the key of the notification's customer. Revision 2 added {@code customerId}, that customer (null for none,
 * and in revision 1, whose detail is stored in clear).
 */
@Revision("2")
public record NotificationFailed(String notificationId, String workspaceId, NotificationSource source, String reason,
                                 @PersonalData String detail, int attempts, Instant failedAt, String customerId) {
}
