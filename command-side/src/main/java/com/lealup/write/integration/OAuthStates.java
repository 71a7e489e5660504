package com.lealup.write.integration;

import com.lealup.write.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The pending OAuth authorizations ({@code integration_oauth_state}, command side): one row per issued
 * {@code state}, keyed by its SHA-256 (the table never holds a usable state), with the PKCE verifier
 * encrypted. Consuming deletes the row by one statement that commits on its own, so a state works once, on one
 * node.
 */
@Component
class OAuthStates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Duration ttl;

    OAuthStates(JdbcClient jdbc, SecretBox secrets, @Value("${lealup.integrations.state-ttl:PT10M}") Duration ttl) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.ttl = ttl;
    }

    record Issued(String state, String codeChallenge, Instant expiresAt) {
    }

    record Pending(String workspaceId, String name, String codeVerifier, Instant expiresAt) {
    }

    /** A new state and PKCE pair for an authorization of {@code name}; expired rows are swept on the way. */
    Issued issue(String workspaceId, String name, Instant now) {
        jdbc.sql("DELETE FROM integration_oauth_state WHERE expires_at < ?").param(Timestamp.from(now)).update();
        String state = randomToken();
        String verifier = randomToken();
        String hash = sha256Hex(state);
        Instant expiresAt = now.plus(ttl);
        jdbc.sql("""
                        INSERT INTO integration_oauth_state (state_hash, workspace_id, name, code_verifier, expires_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(hash, workspaceId, name, secrets.encrypt(verifier, hash), Timestamp.from(expiresAt))
                .update();
        return new Issued(state, URL_SAFE.encodeToString(sha256(verifier)), expiresAt);
    }

    /**
     * The authorization of {@code name} that {@code state} stands for, removed so that it cannot be used again. A
     * state issued for another integration is left as it is, in the same statement: a callback to the wrong path
     * must not spoil the right one.
     */
    Optional<Pending> consume(String state, String name) {
        String hash = sha256Hex(state);
        return jdbc.sql("""
                        DELETE FROM integration_oauth_state WHERE state_hash = ? AND name = ?
                        RETURNING workspace_id, name, code_verifier, expires_at""")
                .params(hash, name)
                .query((rs, n) -> new Pending(rs.getString("workspace_id"), rs.getString("name"),
                        secrets.decrypt(rs.getBytes("code_verifier"), hash), rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }

    /** Drops the pending authorizations of one integration (it was disconnected). */
    void forget(String workspaceId, String name) {
        jdbc.sql("DELETE FROM integration_oauth_state WHERE workspace_id = ? AND name = ?")
                .params(workspaceId, name).update();
    }

    /** 32 random bytes, base64url: the state and the PKCE verifier (43 characters, RFC 7636 section 4.1). */
    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return URL_SAFE.encodeToString(bytes);
    }

    private static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
