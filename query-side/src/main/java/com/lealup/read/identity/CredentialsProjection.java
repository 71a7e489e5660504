package com.lealup.read.identity;

import com.lealup.api.identity.ApiKeyIssued;
import com.lealup.api.identity.ApiKeyRevoked;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.WorkspaceCreated;
import com.lealup.api.projections.ReadModelTables;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Workspaces and API keys by secret hash, for authentication (users, who bound keys act as, are
 * {@link UserProjection}'s part of this read model). Upserts keyed by id make redelivery harmless;
 * times are event times, so a replay rebuilds the same rows. After each change the affected credentials go to
 * {@link CredentialChangeLog}: to {@link FindCredential} subscribers, which is how a write waits until its key
 * works, and to the token cache of every node.
 */
@Component
@ProcessingGroup(CredentialsProjection.PROCESSING_GROUP)
@ReadModelTables({"credentials_workspace", "credentials_api_key"})
class CredentialsProjection {

    static final String PROCESSING_GROUP = "credentials";

    private final JdbcTemplate jdbc;
    private final CredentialRows rows;
    private final CredentialChangeLog changes;

    CredentialsProjection(JdbcTemplate jdbc, CredentialRows rows, CredentialChangeLog changes) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.changes = changes;
    }

    @EventHandler
    void on(WorkspaceCreated event, @Timestamp Instant occurredAt) {
        jdbc.update("INSERT INTO credentials_workspace (workspace_id, name, tier, created_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (workspace_id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier,"
                        + " created_at = EXCLUDED.created_at",
                event.workspaceId(), event.name(), event.tier(), java.sql.Timestamp.from(occurredAt));
        // keys handled before their workspace (another segment) become credentials only now
        changes.changed(rows.credentialsOfWorkspace(event.workspaceId()));
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
        changes.changed(rows.credentialOfKey(event.keyId()).stream().toList());
    }

    @EventHandler
    void on(ApiKeyRevoked event, @Timestamp Instant occurredAt) {
        jdbc.update("UPDATE credentials_api_key SET revoked_at = ? WHERE key_id = ?",
                java.sql.Timestamp.from(occurredAt), event.keyId());
        changes.changed(rows.credentialOfKey(event.keyId()).stream().toList());
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE credentials_api_key, credentials_workspace");
    }
}
