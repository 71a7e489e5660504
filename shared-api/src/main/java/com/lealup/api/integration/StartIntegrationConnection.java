package com.lealup.api.integration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Starts an OAuth 2 authorization (code flow with PKCE); answers an {@link AuthorizationRequest}. */
public record StartIntegrationConnection(@TargetAggregateIdentifier String integrationId, String workspaceId,
                                         String name) {
}
