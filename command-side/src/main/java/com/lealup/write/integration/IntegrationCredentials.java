package com.lealup.write.integration;

import com.lealup.api.integration.OAuthTokens;
import com.lealup.write.SecretBox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tokens of connected integrations ({@code integration_credential}, command side), encrypted with
 * {@link SecretBox} under the context "workspace/name". Kept out of events on purpose: events are
 * immutable and copied everywhere (replays, Axon Server, audit reads), while a disconnect must really
 * destroy the tokens.
 * <p>
 * Every store gives the row a new random {@code revision}: a refresh and a failure report name the revision
 * they read and change nothing when the row was replaced meanwhile (reconnected, disconnected, refreshed by
 * another worker). {@code refreshing_until} is the lease of the one worker refreshing the tokens.
 */
@Component
class IntegrationCredentials {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    IntegrationCredentials(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** One integration's stored grant, decrypted. {@code expiresAt} is null when the provider gave no expiry. */
    record Credential(String accessToken, String refreshToken, Instant expiresAt, String revision) {
    }

    /** Stores the tokens of a (re)connection, replacing any before them (connect and refresh race: this wins). */
    void store(String workspaceId, String name, OAuthTokens tokens, Instant now) {
        jdbc.sql("""
                        INSERT INTO integration_credential (workspace_id, name, access_token, refresh_token, expires_at,
                            updated_at, revision, refreshing_until)
                        VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                        ON CONFLICT (workspace_id, name) DO UPDATE SET access_token = EXCLUDED.access_token,
                            refresh_token = EXCLUDED.refresh_token, expires_at = EXCLUDED.expires_at,
                            updated_at = EXCLUDED.updated_at, revision = EXCLUDED.revision, refreshing_until = NULL""")
                .params(workspaceId, name, secrets.encrypt(tokens.accessToken(), context(workspaceId, name)),
                        encryptedRefreshToken(workspaceId, name, tokens), timestamp(tokens.expiresAt()),
                        Timestamp.from(now), newRevision())
                .update();
    }

    Optional<Credential> find(String workspaceId, String name) {
        String context = context(workspaceId, name);
        return jdbc.sql("""
                        SELECT access_token, refresh_token, expires_at, revision FROM integration_credential
                        WHERE workspace_id = ? AND name = ?""")
                .params(workspaceId, name)
                .query((rs, n) -> {
                    byte[] refresh = rs.getBytes("refresh_token");
                    Timestamp expires = rs.getTimestamp("expires_at");
                    return new Credential(secrets.decrypt(rs.getBytes("access_token"), context),
                            refresh == null ? null : secrets.decrypt(refresh, context),
                            expires == null ? null : expires.toInstant(), rs.getString("revision"));
                })
                .optional();
    }

    /**
     * Takes the lease of refreshing revision {@code revision} until {@code until}: false when the row changed, or
     * another worker (of this node or another) holds an unexpired lease.
     */
    boolean claimRefresh(String workspaceId, String name, String revision, Instant now, Instant until) {
        return jdbc.sql("""
                        UPDATE integration_credential SET refreshing_until = ?
                        WHERE workspace_id = ? AND name = ? AND revision = ?
                            AND (refreshing_until IS NULL OR refreshing_until <= ?)""")
                .params(Timestamp.from(until), workspaceId, name, revision, Timestamp.from(now))
                .update() == 1;
    }

    /** Gives the lease back without new tokens (the provider was unavailable): the next use tries again. */
    void releaseRefresh(String workspaceId, String name, String revision) {
        jdbc.sql("""
                        UPDATE integration_credential SET refreshing_until = NULL
                        WHERE workspace_id = ? AND name = ? AND revision = ?""")
                .params(workspaceId, name, revision).update();
    }

    /**
     * Replaces revision {@code revision} with refreshed tokens and ends the lease; answers the new revision, empty
     * when the row was replaced or deleted meanwhile (then the refreshed tokens are dropped).
     */
    Optional<String> storeRefreshed(String workspaceId, String name, String revision, OAuthTokens tokens,
                                    Instant now) {
        String next = newRevision();
        int updated = jdbc.sql("""
                        UPDATE integration_credential SET access_token = ?, refresh_token = ?, expires_at = ?,
                            updated_at = ?, revision = ?, refreshing_until = NULL
                        WHERE workspace_id = ? AND name = ? AND revision = ?""")
                .params(secrets.encrypt(tokens.accessToken(), context(workspaceId, name)),
                        encryptedRefreshToken(workspaceId, name, tokens), timestamp(tokens.expiresAt()),
                        Timestamp.from(now), next, workspaceId, name, revision)
                .update();
        return updated == 1 ? Optional.of(next) : Optional.empty();
    }

    /** Marks revision {@code revision} expired, so that its next use refreshes it (the provider said it expired). */
    void expire(String workspaceId, String name, String revision, Instant now) {
        jdbc.sql("""
                        UPDATE integration_credential SET expires_at = ?
                        WHERE workspace_id = ? AND name = ? AND revision = ?""")
                .params(Timestamp.from(now), workspaceId, name, revision).update();
    }

    void delete(String workspaceId, String name) {
        jdbc.sql("DELETE FROM integration_credential WHERE workspace_id = ? AND name = ?").params(workspaceId, name)
                .update();
    }

    /** Deletes revision {@code revision}; false when the row was replaced or deleted meanwhile. */
    boolean delete(String workspaceId, String name, String revision) {
        return jdbc.sql("DELETE FROM integration_credential WHERE workspace_id = ? AND name = ? AND revision = ?")
                .params(workspaceId, name, revision).update() == 1;
    }

    private byte[] encryptedRefreshToken(String workspaceId, String name, OAuthTokens tokens) {
        return tokens.refreshToken() == null ? null
                : secrets.encrypt(tokens.refreshToken(), context(workspaceId, name));
    }

    private static String context(String workspaceId, String name) {
        return workspaceId + "/" + name;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String newRevision() {
        return UUID.randomUUID().toString();
    }
}
