package com.lealup.read.integrations;

import com.lealup.api.integration.FindIntegrationVersion;
import com.lealup.api.integration.IntegrationConnected;
import com.lealup.api.integration.IntegrationConnectionFailed;
import com.lealup.api.integration.IntegrationConnectionStarted;
import com.lealup.api.integration.IntegrationDisconnected;
import com.lealup.api.integration.Integrations;
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
                event.startedAt(), sequence, false);
    }

    @EventHandler
    void on(IntegrationConnected event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.CONNECTED, null, null,
                event.connectedAt(), sequence, true);
    }

    @EventHandler
    void on(IntegrationConnectionFailed event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.ERROR, null, event.reason(),
                event.failedAt(), sequence, false);
    }

    @EventHandler
    void on(IntegrationDisconnected event, @SequenceNumber long sequence) {
        write(event.integrationId(), event.workspaceId(), event.name(), Integrations.DISCONNECTED, null, null,
                event.disconnectedAt(), sequence, false);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE integration_view").update();
    }

    /**
     * Upserts the row; {@code connected_at} is set on connection, kept while pending or in error (the old
     * tokens still work) and cleared on disconnect.
     */
    private void write(String integrationId, String workspaceId, String name, String status, Instant pendingUntil,
                       String error, Instant at, long sequence, boolean connects) {
        jdbc.sql("""
                        INSERT INTO integration_view (workspace_id, name, status, connected_at, pending_until, error,
                            updated_at, version)
                        VALUES (:ws, :name, :status, :connectedAt, :pendingUntil, :error, :at, :version)
                        ON CONFLICT (workspace_id, name) DO UPDATE SET status = EXCLUDED.status,
                            connected_at = CASE WHEN :connects THEN EXCLUDED.connected_at
                                WHEN EXCLUDED.status = 'disconnected' THEN NULL
                                ELSE integration_view.connected_at END,
                            pending_until = EXCLUDED.pending_until, error = EXCLUDED.error,
                            updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
                        WHERE integration_view.version < EXCLUDED.version""")
                .param("ws", workspaceId)
                .param("name", name)
                .param("status", status)
                .param("connectedAt", connects ? Timestamp.from(at) : null)
                .param("pendingUntil", pendingUntil == null ? null : Timestamp.from(pendingUntil))
                .param("error", error)
                .param("at", Timestamp.from(at))
                .param("version", sequence + 1)
                .param("connects", connects)
                .update();
        emitter.emit(FindIntegrationVersion.class, q -> q.integrationId().equals(integrationId), sequence + 1);
    }
}
