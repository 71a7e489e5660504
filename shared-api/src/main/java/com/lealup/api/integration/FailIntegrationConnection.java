package com.lealup.api.integration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider refused to exchange the authorization code (or could not be reached): the integration goes to
 * {@code error} with {@code reason} (a stable code, e.g. {@code token_exchange_failed}). Answers the new version.
 */
public record FailIntegrationConnection(@TargetAggregateIdentifier String integrationId, String workspaceId,
                                        String name, String reason, String detail) {
}
