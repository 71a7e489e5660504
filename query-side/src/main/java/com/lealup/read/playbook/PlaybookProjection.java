package com.lealup.read.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.playbook.FindPlaybookVersion;
import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookUpdated;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The playbooks read model ({@code playbook_view}): each row holds the whole definition, replaced on every change
 * and guarded by the playbook's version. Deleted playbooks keep a hidden row so that the DELETE can wait for it.
 */
@Component
@ProcessingGroup("playbooks")
@ReadModelTables({"playbook_view"})
class PlaybookProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final QueryUpdateEmitter emitter;

    PlaybookProjection(JdbcClient jdbc, ObjectMapper json, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.json = json;
        this.emitter = emitter;
    }

    @EventHandler
    void on(PlaybookCreated event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO playbook_view (id, workspace_id, definition, created_at, updated_at, version)
                        VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                .params(event.playbookId(), event.workspaceId(), toJson(event.definition()),
                        Timestamp.from(event.createdAt()), Timestamp.from(event.createdAt()), sequence + 1)
                .update();
        announce(event.playbookId(), sequence);
    }

    @EventHandler
    void on(PlaybookUpdated event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE playbook_view SET definition = CAST(? AS jsonb), updated_at = ?, version = ?
                        WHERE id = ? AND version < ?""")
                .params(toJson(event.definition()), Timestamp.from(event.updatedAt()), sequence + 1,
                        event.playbookId(), sequence + 1)
                .update();
        announce(event.playbookId(), sequence);
    }

    @EventHandler
    void on(PlaybookDeleted event, @SequenceNumber long sequence) {
        jdbc.sql("UPDATE playbook_view SET deleted = TRUE, updated_at = ?, version = ? WHERE id = ? AND version < ?")
                .params(Timestamp.from(event.deletedAt()), sequence + 1, event.playbookId(), sequence + 1)
                .update();
        announce(event.playbookId(), sequence);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE playbook_view").update();
    }

    private void announce(String playbookId, long sequence) {
        emitter.emit(FindPlaybookVersion.class, q -> q.playbookId().equals(playbookId), sequence + 1);
    }

    private String toJson(PlaybookDefinition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
