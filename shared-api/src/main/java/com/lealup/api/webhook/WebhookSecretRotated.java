package com.lealup.api.webhook;

import java.time.Instant;

/**
 * The secret changed (its value is only in the encrypted store); the secret it replaced signs beside the new one, as
 * those rotated out before it do until their own time, until {@code previousValidUntil}.
 */
public record WebhookSecretRotated(String subscriptionId, String workspaceId, Instant previousValidUntil,
                                   Instant rotatedAt) {
}
