package com.lealup.write.identity;

import java.util.List;

/**
 * Set validation for users and territories, never from a read model: emails and territory names unique in a
 * workspace, references to users and territories that exist, and the count of admin users that keeps a
 * workspace from losing its last admin. Each method rejects with a DomainRejection; the JDBC implementation
 * works in the transaction of the command being handled, so a rejected or failed command leaves no trace.
 */
interface IdentityDirectory {

    /** Claims the (lowercase) {@code email} for the user, or rejects with 409 naming the user that holds it. */
    void claimEmail(String workspaceId, String email, String userId);

    /** Marks the user's email claim deactivated: the user no longer owns customers nor takes keys. */
    void releaseUser(String workspaceId, String userId);

    /** 422 on {@code field} unless {@code userId} is a user of the workspace who is not deactivated. */
    void requireActiveUser(String workspaceId, String userId, String field);

    /** 422 on {@code field} unless every id is a territory of the workspace. */
    void requireTerritories(String workspaceId, List<String> territoryIds, String field);

    /** One more admin user in the workspace. */
    void adminAdded(String workspaceId);

    /** One admin user fewer; 409 {@code last_admin} if it is the last one, and the count stays as it was. */
    void adminRemoved(String workspaceId);
}
