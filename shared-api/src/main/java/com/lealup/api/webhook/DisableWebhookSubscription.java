package com.lealup.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the delivery policy when an endpoint kept failing; {@code reason} is shown to the subscription's owner. */
public record DisableWebhookSubscription(@TargetAggregateIdentifier String subscriptionId, String workspaceId,
                                         String reason) {
}
