package com.lealup.api.webhook;

import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A partial change of a subscription: a null {@code url}, {@code events} or {@code description} keeps what it holds,
 * {@code cleared} (at most {@link #DESCRIPTION}) empties it. {@code expectedVersion} is the If-Match, null for none.
 */
public record UpdateWebhookSubscription(@TargetAggregateIdentifier String subscriptionId, String workspaceId,
                                        Long expectedVersion, String url, List<String> events, String description,
                                        Set<String> cleared) {

    /** The one member a PATCH may clear with null. */
    public static final String DESCRIPTION = "description";
}
