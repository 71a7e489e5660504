package com.lealup.read.identity;

import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.UserView;
import com.lealup.api.identity.Users;
import com.lealup.api.identity.WorkspaceView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads of the credentials read model (workspaces, keys, users), for the query handlers and for the projections' update emission. */
@Component
class CredentialRows {

    private static final String KEY_COLUMNS = "k.key_id, k.workspace_id, k.name, k.role, k.scopes, k.user_id, "
            + "k.secret_hash, k.created_at, k.revoked_at";
    private static final String USER_COLUMNS = "u.user_id AS u_id, u.workspace_id AS u_workspace_id, u.email,"
            + " u.role AS u_role, u.locale, u.timezone, u.territory_ids, u.status, u.created_at AS u_created_at,"
            + " u.updated_at AS u_updated_at, u.version AS u_version";
    /** As {@link Credential#valid()}: not revoked, and not bound to a deactivated (or unknown) user. */
    private static final String VALID_KEY = "k.revoked_at IS NULL AND (k.user_id IS NULL OR EXISTS (SELECT 1 FROM"
            + " user_view u WHERE u.user_id = k.user_id AND u.workspace_id = k.workspace_id AND u.status <> '"
            + Users.DEACTIVATED + "'))";

    private final JdbcTemplate jdbc;

    CredentialRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inner join: a key whose workspace event has not been handled yet is no credential yet. */
    List<Credential> credentialsBySecretHash(String secretHash) {
        return credentials("k.secret_hash = ?", secretHash);
    }

    List<Credential> credentialsOfWorkspace(String workspaceId) {
        return credentials("k.workspace_id = ?", workspaceId);
    }

    Optional<Credential> credentialOfKey(String keyId) {
        return credentials("k.key_id = ?", keyId).stream().findFirst();
    }

    List<Credential> credentialsOfUser(String userId) {
        return credentials("k.user_id = ?", userId);
    }

    Optional<WorkspaceView> workspace(String workspaceId) {
        return jdbc.query("SELECT workspace_id, name, tier, created_at FROM credentials_workspace WHERE workspace_id = ?",
                (rs, n) -> new WorkspaceView(rs.getString("workspace_id"), rs.getString("name"), rs.getString("tier"),
                        rs.getTimestamp("created_at").toInstant()), workspaceId).stream().findFirst();
    }

    Optional<UserView> user(String workspaceId, String userId) {
        return jdbc.query("SELECT " + USER_COLUMNS + " FROM user_view u WHERE u.workspace_id = ? AND u.user_id = ?",
                (rs, n) -> user(rs), workspaceId, userId).stream().findFirst();
    }

    List<UserView> users(String workspaceId, String afterUserId, int limit) {
        return jdbc.query("SELECT " + USER_COLUMNS + " FROM user_view u WHERE u.workspace_id = ? AND u.user_id > ?"
                        + " ORDER BY u.user_id LIMIT ?",
                (rs, n) -> user(rs), workspaceId, afterUserId == null ? "" : afterUserId, limit);
    }

    Optional<ApiKeyView> validKey(String workspaceId, String keyId) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM credentials_api_key k WHERE k.workspace_id = ? AND k.key_id = ?"
                        + " AND " + VALID_KEY,
                (rs, n) -> key(rs), workspaceId, keyId).stream().findFirst();
    }

    List<ApiKeyView> validKeys(String workspaceId, String afterKeyId, int limit) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM credentials_api_key k"
                        + " WHERE k.workspace_id = ? AND k.key_id > ? AND " + VALID_KEY + " ORDER BY k.key_id LIMIT ?",
                (rs, n) -> key(rs), workspaceId, afterKeyId == null ? "" : afterKeyId, limit);
    }

    List<ApiKeyView> validKeysOf(String workspaceId, String userId) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM credentials_api_key k"
                        + " WHERE k.workspace_id = ? AND k.user_id = ? AND " + VALID_KEY + " ORDER BY k.key_id",
                (rs, n) -> key(rs), workspaceId, userId);
    }

    /** The user joins to the left: a key bound to a user the read model lacks is a credential, but no valid one. */
    private List<Credential> credentials(String condition, String value) {
        return jdbc.query("SELECT w.workspace_id AS w_id, w.name AS w_name, w.tier, w.created_at AS w_created_at, "
                        + KEY_COLUMNS + ", " + USER_COLUMNS + " FROM credentials_api_key k"
                        + " JOIN credentials_workspace w ON w.workspace_id = k.workspace_id"
                        + " LEFT JOIN user_view u ON u.user_id = k.user_id AND u.workspace_id = k.workspace_id"
                        + " WHERE " + condition + " ORDER BY k.key_id",
                (rs, n) -> new Credential(new WorkspaceView(rs.getString("w_id"), rs.getString("w_name"),
                        rs.getString("tier"), rs.getTimestamp("w_created_at").toInstant()), key(rs),
                        rs.getString("u_id") == null ? null : user(rs)),
                value);
    }

    private static UserView user(ResultSet rs) throws SQLException {
        String territories = rs.getString("territory_ids");
        return new UserView(rs.getString("u_id"), rs.getString("u_workspace_id"), rs.getString("email"),
                rs.getString("u_role"), rs.getString("locale"), rs.getString("timezone"),
                territories.isEmpty() ? List.of() : Arrays.asList(territories.split(" ")), rs.getString("status"),
                rs.getTimestamp("u_created_at").toInstant(), rs.getTimestamp("u_updated_at").toInstant(),
                rs.getLong("u_version"));
    }

    private static ApiKeyView key(ResultSet rs) throws SQLException {
        Timestamp revokedAt = rs.getTimestamp("revoked_at");
        return new ApiKeyView(rs.getString("key_id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getString("role"), Arrays.asList(rs.getString("scopes").split(" ")), rs.getString("user_id"),
                rs.getString("secret_hash"), rs.getTimestamp("created_at").toInstant(),
                revokedAt == null ? null : revokedAt.toInstant());
    }
}
