package com.lealup.write.integration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tokens of connected integrations ({@code integration_credential}, command side), encrypted with
 * {@link SecretBox} under the context "workspace/name". Kept out of events on purpose: events are
 * immutable and copied everywhere (replays, Axon Server, audit reads), while a disconnect must really
 * destroy the tokens.
 */
@Component
class IntegrationCredentials implements IntegrationCredentialsPort {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    IntegrationCredentials(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    void store(String workspaceId, String name, String accessToken, String refreshToken, Instant expiresAt, Instant now) {
        String context = workspaceId + "/" + name;
        jdbc.sql("""
                        INSERT INTO integration_credential (workspace_id, name, access_token, refresh_token, expires_at,
                            updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (workspace_id, name) DO UPDATE SET access_token = EXCLUDED.access_token,
                            refresh_token = EXCLUDED.refresh_token, expires_at = EXCLUDED.expires_at,
                            updated_at = EXCLUDED.updated_at""")
                .params(workspaceId, name, secrets.encrypt(accessToken, context),
                        refreshToken == null ? null : secrets.encrypt(refreshToken, context),
                        expiresAt == null ? null : Timestamp.from(expiresAt), Timestamp.from(now))
                .update();
    }

    void delete(String workspaceId, String name) {
        jdbc.sql("DELETE FROM integration_credential WHERE workspace_id = ? AND name = ?").params(workspaceId, name)
                .update();
    }

    /** The access token of a connected integration, decrypted; empty when it is not connected. */
    @Override
    public Optional<String> accessToken(String workspaceId, String name) {
        return jdbc.sql("SELECT access_token FROM integration_credential WHERE workspace_id = ? AND name = ?")
                .params(workspaceId, name)
                .query((rs, n) -> secrets.decrypt(rs.getBytes(1), workspaceId + "/" + name))
                .optional();
    }
}
