package com.lealup.api.webhook;

/** One subscription of the workspace (null when missing, deleted, or another workspace's). */
public record FindWebhookSubscription(String workspaceId, String subscriptionId) {
}
