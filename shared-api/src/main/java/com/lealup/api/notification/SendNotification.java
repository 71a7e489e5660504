package com.lealup.api.notification;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks for one message to go out, asynchronously: {@code channel} is {@code slack} (target a channel such
 * as {@code #cs-alerts}, posted through the workspace's Slack connection) or {@code webhook} (target a URL,
 * a signed JSON POST). {@code text} is the human message, {@code data} the structured payload. {@code source}
 * says what asked for it (e.g. a playbook run and the index of its action) so its outcome can be reported
 * back there. {@code customerId} is the customer the message is about (null for none): its key seals the text and
 * the data in the event store, and its erasure erases them.
 */
public record SendNotification(@TargetAggregateIdentifier String notificationId, String workspaceId, String channel,
                               String target, String text, Map<String, Object> data, NotificationSource source,
                               String customerId) {
}
