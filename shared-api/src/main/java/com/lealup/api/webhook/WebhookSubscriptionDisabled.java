package com.lealup.api.webhook;

import java.time.Instant;

public record WebhookSubscriptionDisabled(String subscriptionId, String workspaceId, String reason,
                                          Instant disabledAt) {
}
