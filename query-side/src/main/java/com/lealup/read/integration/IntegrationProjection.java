package com.lealup.read.integration;

import com.lealup.api.integration.FindIntegrationVersion;
import com.lealup.api.integration.IntegrationConnected;
import com.lealup.api.integration.IntegrationConnectionFailed;
import com.lealup.api.integration.IntegrationConnectionStarted;
import com.lealup.api.integration.IntegrationDisconnected;
import com.lealup.api.integration.IntegrationTokensRejected;
import com.lealup.api.integration.Integrations;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The integrations read model ({@code integration_view}): one row per workspace and integration that ever
 * changed state, with the aggregate's version guarding every write (a redelivered event changes nothing).
 */
@Component
@ProcessingGroup("integrations")
@ReadModelTables({"integration_view"})
class IntegrationProjection {

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;

    IntegrationProjection(JdbcClient jdbc, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.emitter = emitter;
    }

    @EventHandler
    void on(IntegrationConnectionStarted event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.PENDING, event.expiresAt(), null,
                event.startedAt(), sequence, ConnectedAt.KEEP);
    }

    @EventHandler
    void on(IntegrationConnected event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.CONNECTED, null, null,
                event.connectedAt(), sequence, ConnectedAt.SET);
    }

    @EventHandler
    void on(IntegrationConnectionFailed event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.ERROR, null, event.reason(),
                event.failedAt(), sequence, ConnectedAt.KEEP);
    }

    @EventHandler
    void on(IntegrationTokensRejected event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.ERROR, null, event.reason(),
                event.rejectedAt(), sequence, ConnectedAt.CLEAR);
    }

    @EventHandler
    void on(IntegrationDisconnected event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.DISCONNECTED, null, null,
                event.disconnectedAt(), sequence, ConnectedAt.CLEAR);
    }

    /** What an event does to {@code connected_at}. */
    private enum ConnectedAt { SET, KEEP, CLEAR }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE integration_view").update();
    }

    /**
     * Upserts the row; {@code connected_at} is set on connection, kept while pending or after a failed code
     * exchange (the old tokens still work) and cleared when the tokens are gone: on disconnect, or when they were
     * rejected ({@link IntegrationTokensRejected}).
     */
    private void write(String integrationId, String workspaceId, String name, String status, Instant pendingUntil,
                       String error, Instant at, long sequence, ConnectedAt connectedAt) {
        jdbc.sql("""
                        INSERT INTO integration_view (workspace_id, name, status, connected_at, pending_until, error,
                            updated_at, version)
                        VALUES (:ws, :name, :status, :connectedAt, :pendingUntil, :error, :at, :version)
                        ON CONFLICT (workspace_id, name) DO UPDATE SET status = EXCLUDED.status,
                            connected_at = CASE :connectedAtChange WHEN 'KEEP' THEN integration_view.connected_at
                                ELSE EXCLUDED.connected_at END,
                            pending_until = EXCLUDED.pending_until, error = EXCLUDED.error,
                            updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
                        WHERE integration_view.version < EXCLUDED.version""")
                .param("ws", workspaceId)
                .param("name", name)
                .param("status", status)
                .param("connectedAt", connectedAt == ConnectedAt.SET ? Timestamp.from(at) : null)
                .param("pendingUntil", pendingUntil == null ? null : Timestamp.from(pendingUntil))
                .param("error", error)
                .param("at", Timestamp.from(at))
                .param("version", sequence + 1)
                .param("connectedAtChange", connectedAt.name())
                .update();
        emitter.emit(FindIntegrationVersion.class, q -> q.integrationId().equals(integrationId), sequence + 1);
    }
}
