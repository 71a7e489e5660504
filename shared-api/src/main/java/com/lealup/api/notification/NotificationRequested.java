package com.lealup.api.notification;

import java.time.Instant;
import java.util.Map;

public record NotificationRequested(String notificationId, String workspaceId, String channel, String target,
                                    String text, Map<String, Object> data, NotificationSource source,
                                    Instant requestedAt) {
}
