package com.lealup.read.territory;

import com.lealup.api.territory.FindTerritory;
import com.lealup.api.territory.ListTerritories;
import com.lealup.api.territory.TerritoryView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The queries of the territories read model ({@code territory_view}, kept by {@link TerritoryProjection}). */
@Component
class TerritoryQueries {

    private final JdbcClient jdbc;

    TerritoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<TerritoryView> handle(FindTerritory query) {
        return jdbc.sql("SELECT * FROM territory_view WHERE id = ? AND workspace_id = ?")
                .params(query.territoryId(), query.workspaceId())
                .query(TerritoryQueries::territory).optional();
    }

    @QueryHandler
    ListTerritories.Page handle(ListTerritories query) {
        String afterKey = query.after().getOrDefault("name", "");
        String afterId = query.after().getOrDefault("id", "");
        return new ListTerritories.Page(jdbc.sql("""
                        SELECT * FROM territory_view WHERE workspace_id = ? AND (name_key, id) > (lower(?), ?)
                        ORDER BY name_key, id LIMIT ?""")
                .params(query.workspaceId(), afterKey, afterId, query.limit() + 1)
                .query(TerritoryQueries::territory).list());
    }

    private static TerritoryView territory(ResultSet rs, int row) throws SQLException {
        return new TerritoryView(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
