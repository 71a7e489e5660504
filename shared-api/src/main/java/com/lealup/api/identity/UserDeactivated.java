package com.lealup.api.identity;

import java.time.Instant;

public record UserDeactivated(String userId, String workspaceId, Instant deactivatedAt) {
}
