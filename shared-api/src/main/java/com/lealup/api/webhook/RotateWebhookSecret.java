package com.lealup.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A new signing secret; the one it replaces still signs (beside it) until {@code WebhookSecretRotated.previousValidUntil}. */
public record RotateWebhookSecret(@TargetAggregateIdentifier String subscriptionId, String workspaceId,
                                  String secret) {

    @Override
    public String toString() {
        return "RotateWebhookSecret[" + subscriptionId + ", " + workspaceId + "]";
    }
}
