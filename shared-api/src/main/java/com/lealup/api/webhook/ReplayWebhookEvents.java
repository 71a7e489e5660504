package com.lealup.api.webhook;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Re-delivers, in order, every event of the subscription's types since {@code since}, from the event store. */
public record ReplayWebhookEvents(@TargetAggregateIdentifier String subscriptionId, String workspaceId,
                                  Instant since) {
}
