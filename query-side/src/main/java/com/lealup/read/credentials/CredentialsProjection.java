package com.lealup.read.credentials;

import com.lealup.api.identity.ApiKeyIssued;
import com.lealup.api.identity.ApiKeyRevoked;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.WorkspaceCreated;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Workspaces and API keys by secret hash, for authentication. Upserts keyed by id make redelivery harmless;
 * times are event times, so a replay rebuilds the same rows. After each change the affected credentials are
 * emitted to {@link FindCredential} subscribers, which is how a write waits until its key works.
 */
@Component
@ProcessingGroup(CredentialsProjection.PROCESSING_GROUP)
class CredentialsProjection {

    static final String PROCESSING_GROUP = "credentials";

    private final JdbcTemplate jdbc;
    private final CredentialRows rows;
    private final QueryUpdateEmitter emitter;

    CredentialsProjection(JdbcTemplate jdbc, CredentialRows rows, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.emitter = emitter;
    }

    @EventHandler
    void on(WorkspaceCreated event, @Timestamp Instant occurredAt) {
        jdbc.update("INSERT INTO credentials_workspace (workspace_id, name, tier, created_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (workspace_id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier,"
                        + " created_at = EXCLUDED.created_at",
                event.workspaceId(), event.name(), event.tier(), java.sql.Timestamp.from(occurredAt));
        // keys handled before their workspace (another segment) become credentials only now
        rows.credentialsOfWorkspace(event.workspaceId()).forEach(this::emit);
    }

    @EventHandler
    void on(ApiKeyIssued event, @Timestamp Instant occurredAt) {
        jdbc.update("INSERT INTO credentials_api_key (key_id, workspace_id, name, role, scopes, user_id, secret_hash,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET"
                        + " workspace_id = EXCLUDED.workspace_id, name = EXCLUDED.name, role = EXCLUDED.role,"
                        + " scopes = EXCLUDED.scopes, user_id = EXCLUDED.user_id, secret_hash = EXCLUDED.secret_hash,"
                        + " created_at = EXCLUDED.created_at",
                event.keyId(), event.workspaceId(), event.name(), event.role(), String.join(" ", event.scopes()),
                event.userId(), event.secretHash(), java.sql.Timestamp.from(occurredAt));
        rows.credentialOfKey(event.keyId()).ifPresent(this::emit);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @Timestamp Instant occurredAt) {
        jdbc.update("UPDATE credentials_api_key SET revoked_at = ? WHERE key_id = ?",
                java.sql.Timestamp.from(occurredAt), event.keyId());
        rows.credentialOfKey(event.keyId()).ifPresent(this::emit);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE credentials_api_key, credentials_workspace");
    }

    /** Axon delivers the update only after the unit of work commits, so subscribers can re-read it too. */
    private void emit(Credential credential) {
        String hash = credential.key().secretHash();
        emitter.emit(FindCredential.class, query -> query.secretHash().equals(hash), credential);
    }
}
