package com.lealup.api.webhook;

import java.time.Instant;

/** The end of a subscription: nothing more is delivered to it, and its pending deliveries are dropped. */
public record WebhookSubscriptionDeleted(String subscriptionId, String workspaceId, Instant deletedAt) {
}
