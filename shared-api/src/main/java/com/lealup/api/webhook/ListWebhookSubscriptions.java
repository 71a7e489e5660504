package com.lealup.api.webhook;

/** The workspace's subscriptions, oldest first, after {@code afterId} (null from the start); up to {@code limit + 1}. */
public record ListWebhookSubscriptions(String workspaceId, String afterId, int limit) {
}
