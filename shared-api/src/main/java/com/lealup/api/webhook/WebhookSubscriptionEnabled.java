package com.lealup.api.webhook;

import java.time.Instant;

/** A disabled subscription enabled again by its owner: its held deliveries resume, each with a fresh 24 h. */
public record WebhookSubscriptionEnabled(String subscriptionId, String workspaceId, Instant enabledAt) {
}
