package com.lealup.read.territories;

import com.lealup.api.territory.FindTerritory;
import com.lealup.api.territory.ListTerritories;
import com.lealup.api.territory.TerritoryCreated;
import com.lealup.api.territory.TerritoryView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The territories read model ({@code territory_view}) and its queries. */
@Component
@ProcessingGroup("territories")
class TerritoryProjection {

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;

    TerritoryProjection(JdbcClient jdbc, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.emitter = emitter;
    }

    @EventHandler
    void on(TerritoryCreated event) {
        jdbc.sql("""
                        INSERT INTO territory_view (id, workspace_id, name, name_key, created_at) VALUES (?, ?, ?, lower(?), ?)
                        ON CONFLICT (id) DO NOTHING""")
                .params(event.territoryId(), event.workspaceId(), event.name(), event.name(),
                        Timestamp.from(event.createdAt()))
                .update();
        TerritoryView view = new TerritoryView(event.territoryId(), event.workspaceId(), event.name(), event.createdAt());
        emitter.emit(FindTerritory.class, q -> q.territoryId().equals(event.territoryId()), view);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE territory_view").update();
    }

    @QueryHandler
    Optional<TerritoryView> handle(FindTerritory query) {
        return jdbc.sql("SELECT * FROM territory_view WHERE id = ? AND workspace_id = ?")
                .params(query.territoryId(), query.workspaceId())
                .query(TerritoryProjection::territory).optional();
    }

    @QueryHandler
    ListTerritories.Page handle(ListTerritories query) {
        String afterKey = query.after().getOrDefault("name", "");
        String afterId = query.after().getOrDefault("id", "");
        return new ListTerritories.Page(jdbc.sql("""
                        SELECT * FROM territory_view WHERE workspace_id = ? AND (name_key, id) > (lower(?), ?)
                        ORDER BY name_key, id LIMIT ?""")
                .params(query.workspaceId(), afterKey, afterId, query.limit() + 1)
                .query(TerritoryProjection::territory).list());
    }

    private static TerritoryView territory(ResultSet rs, int row) throws SQLException {
        return new TerritoryView(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
