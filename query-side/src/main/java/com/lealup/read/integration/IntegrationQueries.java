package com.lealup.read.integration;

import com.lealup.api.integration.FindIntegrationVersion;
import com.lealup.api.integration.IntegrationList;
import com.lealup.api.integration.IntegrationView;
import com.lealup.api.integration.ListIntegrations;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the integration queries from {@code integration_view}. */
@Component
class IntegrationQueries {

    private final JdbcClient jdbc;

    IntegrationQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    IntegrationList handle(ListIntegrations query) {
        return new IntegrationList(jdbc.sql("SELECT * FROM integration_view WHERE workspace_id = ? ORDER BY name")
                .param(query.workspaceId())
                .query((rs, n) -> new IntegrationView(rs.getString("name"), rs.getString("status"),
                        instant(rs.getTimestamp("connected_at")), instant(rs.getTimestamp("pending_until")),
                        rs.getString("error"), instant(rs.getTimestamp("updated_at")), rs.getLong("version")))
                .list());
    }

    @QueryHandler
    Long handle(FindIntegrationVersion query) {
        int slash = query.integrationId().lastIndexOf('/');
        return jdbc.sql("SELECT version FROM integration_view WHERE workspace_id = ? AND name = ?")
                .params(query.integrationId().substring(0, slash), query.integrationId().substring(slash + 1))
                .query(Long.class).optional().orElse(0L);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
