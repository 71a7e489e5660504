package com.lealup.write.identity;

import java.util.Optional;

/** For aggregate fixtures: a workspace whose only (active) user is {@code userId}. */
public record OneUserWorkspace(String workspaceId, String userId) implements WorkspaceMembers {

    @Override
    public boolean isActiveUser(String workspaceId, String userId) {
        return this.workspaceId.equals(workspaceId) && this.userId.equals(userId);
    }

    @Override
    public Optional<String> activeUserIdByEmail(String workspaceId, String email) {
        return Optional.empty();
    }
}
