package com.lealup.read.territory;

import com.lealup.api.projections.ReadModelTables;
import com.lealup.api.territory.FindTerritory;
import com.lealup.api.territory.TerritoryCreated;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The territories read model ({@code territory_view}); {@link TerritoryQueries} answers its queries. */
@Component
@ProcessingGroup("territories")
@ReadModelTables({"territory_view"})
class TerritoryProjection {

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;
    private final TerritoryQueries queries;

    TerritoryProjection(JdbcClient jdbc, QueryUpdateEmitter emitter, TerritoryQueries queries) {
        this.jdbc = jdbc;
        this.emitter = emitter;
        this.queries = queries;
    }

    @EventHandler
    void on(TerritoryCreated event) {
        jdbc.sql("""
                        INSERT INTO territory_view (id, workspace_id, name, name_key, created_at) VALUES (?, ?, ?, lower(?), ?)
                        ON CONFLICT (id) DO NOTHING""")
                .params(event.territoryId(), event.workspaceId(), event.name(), event.name(),
                        Timestamp.from(event.createdAt()))
                .update();
        // the row as stored, so that the write answers created_at as every read does (microseconds, not the event's nanos)
        queries.handle(new FindTerritory(event.workspaceId(), event.territoryId())).ifPresent(view ->
                emitter.emit(FindTerritory.class, q -> q.territoryId().equals(event.territoryId()), view));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE territory_view").update();
    }
}
