package com.lealup.api.identity;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Invites a user to a workspace; the email is unique in the workspace (case-insensitively). */
public record InviteUser(@TargetAggregateIdentifier String userId, String workspaceId, String email, String role,
                         String locale, String timezone, List<String> territoryIds) {

    public static final int MAX_EMAIL_LENGTH = 320;
    /** What an email must look like, once trimmed (the API's document states it too). */
    public static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
}
