package com.lealup.api.webhook;

import java.time.Instant;

/** The secret changed (its value is only in the encrypted store); deliveries carry both signatures until {@code previousValidUntil}. */
public record WebhookSecretRotated(String subscriptionId, String workspaceId, Instant previousValidUntil,
                                   Instant rotatedAt) {
}
