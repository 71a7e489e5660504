package com.lealup.http.users;

import com.lealup.api.identity.UserView;
import java.time.Instant;
import java.util.List;

/** A user in responses. */
record UserJson(String id, String tenantId, String email, String role, String locale, String timezone,
                List<String> territoryIds, String status, Instant createdAt, Instant updatedAt, long version) {

    static UserJson of(UserView user) {
        return new UserJson(user.id(), user.workspaceId(), user.email(), user.role(), user.locale(), user.timezone(),
                user.territoryIds(), user.status(), user.createdAt(), user.updatedAt(), user.version());
    }
}
