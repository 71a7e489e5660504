package com.lealup.read.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.playbook.FindPlaybook;
import com.lealup.api.playbook.FindPlaybookVersion;
import com.lealup.api.playbook.ListPlaybooks;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookList;
import com.lealup.api.playbook.PlaybookView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the playbook queries from {@code playbook_view}. */
@Component
class PlaybookQueries {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    PlaybookQueries(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<PlaybookView> handle(FindPlaybook query) {
        return jdbc.sql("SELECT *, definition::text AS body FROM playbook_view WHERE id = ? AND workspace_id = ? AND NOT deleted")
                .params(query.playbookId(), query.workspaceId()).query(this::playbook).optional();
    }

    @QueryHandler
    Long handle(FindPlaybookVersion query) {
        return jdbc.sql("SELECT version FROM playbook_view WHERE id = ?").param(query.playbookId())
                .query(Long.class).optional().orElse(0L);
    }

    /** Newest first: ids are time-ordered. */
    @QueryHandler
    PlaybookList handle(ListPlaybooks query) {
        String after = query.after().get("id");
        return new PlaybookList(jdbc.sql("""
                        SELECT *, definition::text AS body FROM playbook_view
                        WHERE workspace_id = :ws AND NOT deleted AND (CAST(:after AS text) IS NULL OR id < :after)
                        ORDER BY id DESC LIMIT :limit""")
                .param("ws", query.workspaceId()).param("after", after).param("limit", query.limit() + 1)
                .query(this::playbook).list());
    }

    private PlaybookView playbook(ResultSet rs, int row) throws SQLException {
        try {
            return new PlaybookView(rs.getString("id"), rs.getString("workspace_id"),
                    json.readValue(rs.getString("body"), PlaybookDefinition.class),
                    rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                    rs.getLong("version"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
