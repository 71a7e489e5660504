package com.lealup.api.webhook;

import java.time.Instant;

/** Every event of the subscription's types from {@code since} up to this event goes out again, marked as a replay. */
public record WebhookReplayRequested(String subscriptionId, String workspaceId, Instant since, Instant requestedAt) {
}
