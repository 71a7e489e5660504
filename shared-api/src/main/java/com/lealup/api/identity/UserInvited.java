package com.lealup.api.identity;

import java.time.Instant;
import java.util.List;

/** {@code email} is lowercased. */
public record UserInvited(String userId, String workspaceId, String email, String role, String locale,
                          String timezone, List<String> territoryIds, Instant invitedAt) {
}
