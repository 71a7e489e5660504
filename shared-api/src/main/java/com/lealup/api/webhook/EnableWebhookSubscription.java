package com.lealup.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EnableWebhookSubscription(@TargetAggregateIdentifier String subscriptionId, String workspaceId) {
}
