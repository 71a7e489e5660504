package com.lealup.api.identity;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Invites a user to a workspace; the email is unique in the workspace (case-insensitively). */
public record InviteUser(@TargetAggregateIdentifier String userId, String workspaceId, String email, String role,
                         String locale, String timezone, List<String> territoryIds) {
}
