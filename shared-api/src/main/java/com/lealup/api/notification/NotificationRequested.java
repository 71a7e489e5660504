package com.lealup.api.notification;

import com.lealup.api.PersonalData;
import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Revision 2 added {@code customerId}, the customer the message is about (null for none, and in revision 1), whose
 * key seals {@code text} and {@code data}.
 */
@Revision("2")
public record NotificationRequested(String notificationId, String workspaceId, String channel, String target,
                                    @PersonalData String text, @PersonalData Map<String, Object> data,
                                    NotificationSource source, Instant requestedAt, String customerId) {
}
