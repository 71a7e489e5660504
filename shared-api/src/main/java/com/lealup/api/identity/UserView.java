package com.lealup.api.identity;

import java.time.Instant;
import java.util.List;

/** A user as the read model knows it; {@code version} is the aggregate's (its ETag). */
public record UserView(String id, String workspaceId, String email, String role, String locale, String timezone,
                       List<String> territoryIds, String status, Instant createdAt, Instant updatedAt, long version) {

    public boolean active() {
        return !Users.DEACTIVATED.equals(status);
    }
}
