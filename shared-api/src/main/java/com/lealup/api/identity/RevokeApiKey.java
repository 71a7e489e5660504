package com.lealup.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revokes a key of {@code workspaceId}; a key of another workspace, or one already revoked, is not found. */
public record RevokeApiKey(@TargetAggregateIdentifier String keyId, String workspaceId) {
}
