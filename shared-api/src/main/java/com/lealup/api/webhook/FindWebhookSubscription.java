package com.lealup.api.webhook;

/**
 * One subscription of the workspace: answers {@code Optional<WebhookSubscriptionView>}, empty when missing, deleted, or
 * another workspace's.
 */
public record FindWebhookSubscription(String workspaceId, String subscriptionId) {
}
