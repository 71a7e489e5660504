package com.lealup.write.identity;

import com.lealup.api.Emails;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link WorkspaceMembers} on the user email claim table, which the user commands write in their own
 * transactions: exact, never a lagging read model.
 */
@Component
class JdbcWorkspaceMembers implements WorkspaceMembers {

    private final JdbcClient jdbc;

    JdbcWorkspaceMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isActiveUser(String workspaceId, String userId) {
        return !jdbc.sql("SELECT 1 FROM user_email_claim WHERE workspace_id = ? AND user_id = ? AND NOT deactivated")
                .params(workspaceId, userId).query(Integer.class).list().isEmpty();
    }

    @Override
    public Optional<String> activeUserIdByEmail(String workspaceId, String email) {
        return jdbc.sql("SELECT user_id FROM user_email_claim WHERE workspace_id = ? AND email = ? AND NOT deactivated")
                .params(workspaceId, Emails.normalised(email)).query(String.class).optional();
    }
}
