package com.lealup.api.integration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Completes an authorization with the tokens the provider already granted: the code was exchanged before this
 * command, never inside it (docs/integrations.md). Sent by the command side's callback flow once the single-use
 * state was consumed; answers the aggregate's new version. Refused (409) when the integration was disconnected
 * meanwhile.
 */
public record ConnectIntegration(@TargetAggregateIdentifier String integrationId, String workspaceId, String name,
                                 OAuthTokens tokens) {
}
