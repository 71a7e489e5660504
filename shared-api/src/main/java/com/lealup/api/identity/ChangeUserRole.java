package com.lealup.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a user another role; answers the user's new version. The last admin of a workspace keeps the role.
 * {@code expectedVersion} (an If-Match; null for none) makes the change conditional.
 */
public record ChangeUserRole(@TargetAggregateIdentifier String userId, String workspaceId, String role,
                             Long expectedVersion) {
}
