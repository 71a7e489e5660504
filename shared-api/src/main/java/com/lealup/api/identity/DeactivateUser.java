package com.lealup.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deactivates a user for good (and with it the user's API keys); answers the user's new version. */
public record DeactivateUser(@TargetAggregateIdentifier String userId, String workspaceId) {
}
