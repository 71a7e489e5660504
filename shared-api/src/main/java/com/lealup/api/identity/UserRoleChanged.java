package com.lealup.api.identity;

import java.time.Instant;

public record UserRoleChanged(String userId, String workspaceId, String role, Instant changedAt) {
}
