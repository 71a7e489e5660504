package com.lealup.api.webhook;

import java.time.Instant;
import java.util.List;

public record WebhookSubscriptionCreated(String subscriptionId, String workspaceId, String url, List<String> events,
                                         String description, Instant createdAt) {
}
