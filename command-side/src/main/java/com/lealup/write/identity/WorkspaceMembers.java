package com.lealup.write.identity;

import java.util.Optional;

/** The users of a workspace as the command side sees them (invited ones count; deactivated ones do not). */
public interface WorkspaceMembers {

    boolean isActiveUser(String workspaceId, String userId);

    Optional<String> activeUserIdByEmail(String workspaceId, String email);
}
