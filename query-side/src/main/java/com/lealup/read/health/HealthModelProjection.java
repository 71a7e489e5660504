package com.lealup.read.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.health.FindHealthModelVersion;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.projections.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The workspaces' health models ({@code health_model_view}), guarded by version; no row means the default model. */
@Component
@ProcessingGroup("health-models")
@ReadModelTables({"health_model_view"})
class HealthModelProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final QueryUpdateEmitter emitter;

    HealthModelProjection(JdbcClient jdbc, ObjectMapper json, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.json = json;
        this.emitter = emitter;
    }

    @EventHandler
    void on(HealthModelChanged event) throws JsonProcessingException {
        jdbc.sql("""
                        INSERT INTO health_model_view (workspace_id, version, model) VALUES (?, ?, CAST(? AS jsonb))
                        ON CONFLICT (workspace_id) DO UPDATE SET version = EXCLUDED.version, model = EXCLUDED.model
                        WHERE health_model_view.version < EXCLUDED.version""")
                .params(event.workspaceId(), event.version(), json.writeValueAsString(
                        new HealthModelView(event.version(), event.dimensions(), event.thresholds())))
                .update();
        emitter.emit(FindHealthModelVersion.class, q -> q.workspaceId().equals(event.workspaceId()), event.version());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE health_model_view").update();
    }
}
