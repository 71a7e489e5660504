package com.lealup.api.integration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Forgets the integration's tokens; answers the aggregate's new version. */
public record DisconnectIntegration(@TargetAggregateIdentifier String integrationId, String workspaceId,
                                    String name) {
}
