package com.lealup.write.identity;

import com.lealup.api.DomainRejection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The directory's rules over maps, for aggregate fixtures; the JDBC one is exercised by the API tests. */
class InMemoryIdentityDirectory implements IdentityDirectory {

    final Map<String, String> usersByEmail = new HashMap<>();
    final Set<String> deactivated = new HashSet<>();
    final Set<String> territories = new HashSet<>();
    int admins;

    @Override
    public void claimEmail(String workspaceId, String email, String userId) {
        String holder = usersByEmail.putIfAbsent(email, userId);
        if (holder != null) {
            throw DomainRejection.conflict("duplicate_email", "taken by " + holder, Map.of("existing_id", holder));
        }
    }

    @Override
    public void releaseUser(String workspaceId, String userId) {
        deactivated.add(userId);
    }

    @Override
    public void requireActiveUser(String workspaceId, String userId, String field) {
        if (!usersByEmail.containsValue(userId) || deactivated.contains(userId)) {
            throw DomainRejection.unprocessable("unknown_user", field, "unknown");
        }
    }

    @Override
    public void requireTerritories(String workspaceId, List<String> territoryIds, String field) {
        if (!territories.containsAll(territoryIds)) {
            throw DomainRejection.unprocessable("unknown_territory", field, "unknown");
        }
    }

    @Override
    public void adminAdded(String workspaceId) {
        admins++;
    }

    @Override
    public void adminRemoved(String workspaceId) {
        if (admins <= 1) {
            throw DomainRejection.conflict("last_admin", "last admin", Map.of());
        }
        admins--;
    }
}
