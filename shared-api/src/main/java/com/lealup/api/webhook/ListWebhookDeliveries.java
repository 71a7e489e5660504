package com.lealup.api.webhook;

/** A subscription's deliveries, newest first, before position {@code before} (null from the newest); up to {@code limit + 1}. */
public record ListWebhookDeliveries(String workspaceId, String subscriptionId, Long before, int limit) {
}
