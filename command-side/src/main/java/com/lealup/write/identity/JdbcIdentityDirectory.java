package com.lealup.write.identity;

import com.lealup.api.DomainRejection;
import com.lealup.api.StorableText;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link IdentityDirectory} on the claim tables ({@code user_email_claim}, {@code territory_name_claim},
 * {@code workspace_admin_count}), in the transaction of the command being handled.
 */
@Component
class JdbcIdentityDirectory implements IdentityDirectory {

    private final JdbcClient jdbc;

    JdbcIdentityDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claimEmail(String workspaceId, String email, String userId) {
        int claimed = jdbc.sql("""
                        INSERT INTO user_email_claim (workspace_id, email, user_id) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(workspaceId, email, userId).update();
        if (claimed == 0) {
            String holder = jdbc.sql("SELECT user_id FROM user_email_claim WHERE workspace_id = ? AND email = ?")
                    .params(workspaceId, email).query(String.class).single();
            throw DomainRejection.conflict("duplicate_email",
                    "A user with email '" + email + "' already exists: " + holder, Map.of("existing_id", holder));
        }
    }

    @Override
    public void releaseUser(String workspaceId, String userId) {
        jdbc.sql("UPDATE user_email_claim SET deactivated = TRUE WHERE workspace_id = ? AND user_id = ?")
                .params(workspaceId, userId).update();
    }

    @Override
    public void requireActiveUser(String workspaceId, String userId, String field) {
        // FOR SHARE waits for a concurrent deactivation and then sees it: no key is bound to a user deactivated meanwhile
        boolean active = !jdbc.sql("""
                        SELECT 1 FROM user_email_claim WHERE workspace_id = ? AND user_id = ? AND NOT deactivated
                        FOR SHARE""")
                .params(workspaceId, userId).query(Integer.class).list().isEmpty();
        if (!active) {
            throw DomainRejection.unprocessable("unknown_user", field,
                    field + " '" + StorableText.abbreviated(userId) + "' is not an active user of this workspace");
        }
    }

    @Override
    public void requireTerritories(String workspaceId, List<String> territoryIds, String field) {
        if (territoryIds.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>(jdbc.sql("""
                        SELECT territory_id FROM territory_name_claim WHERE workspace_id = ? AND territory_id = ANY(?)""")
                .params(workspaceId, territoryIds.toArray(String[]::new)).query(String.class).list());
        territoryIds.stream().filter(id -> !known.contains(id)).findFirst().ifPresent(unknown -> {
            throw DomainRejection.unprocessable("unknown_territory", field,
                    "territory '" + StorableText.abbreviated(unknown) + "' is not a territory of this workspace");
        });
    }

    @Override
    public void adminAdded(String workspaceId) {
        jdbc.sql("""
                        INSERT INTO workspace_admin_count (workspace_id, admin_count) VALUES (?, 1)
                        ON CONFLICT (workspace_id) DO UPDATE SET admin_count = workspace_admin_count.admin_count + 1""")
                .params(workspaceId).update();
    }

    /**
     * The UPDATE locks the row, and PostgreSQL re-evaluates {@code admin_count > 1} on the latest committed
     * count after waiting for a concurrent writer: of two admins demoting each other at once, one loses.
     */
    @Override
    public void adminRemoved(String workspaceId) {
        int removed = jdbc.sql("""
                        UPDATE workspace_admin_count SET admin_count = admin_count - 1
                        WHERE workspace_id = ? AND admin_count > 1""")
                .params(workspaceId).update();
        if (removed == 0) {
            throw DomainRejection.conflict("last_admin",
                    "The workspace's last admin cannot lose the admin role nor be deactivated", Map.of());
        }
    }
}
