package com.lealup.api.webhook;

import java.time.Instant;
import java.util.List;

/**
 * The subscription's target changed: its whole {@code url}, {@code events} and {@code description} as they are now,
 * so that a reader needs no earlier event to know them. The events after it are routed by it, and the deliveries
 * still queued go to its {@code url}.
 */
public record WebhookSubscriptionUpdated(String subscriptionId, String workspaceId, String url, List<String> events,
                                         String description, Instant updatedAt) {
}
