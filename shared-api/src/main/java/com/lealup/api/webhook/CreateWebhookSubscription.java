package com.lealup.api.webhook;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Subscribes {@code url} to {@code events} (types of {@link WebhookEventTypes}, or {@code "*"}). {@code secret} is
 * the new signing secret ({@code whsec_…}): the command side stores it encrypted, never in an event.
 */
public record CreateWebhookSubscription(@TargetAggregateIdentifier String subscriptionId, String workspaceId,
                                        String url, List<String> events, String description, String secret) {

    public static final int MAX_URL_LENGTH = 2000;
    public static final int MAX_DESCRIPTION_LENGTH = 500;

    @Override
    public String toString() {
        return "CreateWebhookSubscription[" + subscriptionId + ", " + workspaceId + "]";
    }
}
