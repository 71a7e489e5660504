package com.lealup.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a user another role; answers the user's new version. The last admin of a workspace keeps the role. */
public record ChangeUserRole(@TargetAggregateIdentifier String userId, String workspaceId, String role) {
}
