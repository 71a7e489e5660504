package com.lealup.read.playbookruns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.playbook.ListPlaybookRuns;
import com.lealup.api.playbook.PlaybookRunList;
import com.lealup.api.playbook.PlaybookRunView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the runs of a playbook, newest first (run ids are time-ordered), with their actions. */
@Component
class PlaybookRunQueries {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    PlaybookRunQueries(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    PlaybookRunList handle(ListPlaybookRuns query) {
        List<Map<String, Object>> runs = jdbc.sql("""
                        SELECT id, playbook_id, customer_id, matched_at, snapshot::text AS snapshot FROM playbook_run_view
                        WHERE workspace_id = :ws AND playbook_id = :playbook
                            AND (CAST(:after AS text) IS NULL OR id < :after)
                        ORDER BY id DESC LIMIT :limit""")
                .param("ws", query.workspaceId())
                .param("playbook", query.playbookId())
                .param("after", query.after().get("id"))
                .param("limit", query.limit() + 1)
                .query().listOfRows();
        Map<String, List<PlaybookRunView.Action>> actions = actionsOf(runs.stream().map(r -> (String) r.get("id")).toList());
        List<PlaybookRunView> rows = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            String id = (String) run.get("id");
            rows.add(new PlaybookRunView(id, (String) run.get("playbook_id"), (String) run.get("customer_id"),
                    ((java.sql.Timestamp) run.get("matched_at")).toInstant(), snapshot((String) run.get("snapshot")),
                    actions.getOrDefault(id, List.of())));
        }
        return new PlaybookRunList(rows);
    }

    private Map<String, List<PlaybookRunView.Action>> actionsOf(List<String> runIds) {
        Map<String, List<PlaybookRunView.Action>> byRun = new HashMap<>();
        if (runIds.isEmpty()) {
            return byRun;
        }
        jdbc.sql("""
                        SELECT run_id, type, status, task_id, error FROM playbook_run_action_view
                        WHERE run_id IN (:runs) ORDER BY run_id, action_index""")
                .param("runs", runIds)
                .query((rs, n) -> {
                    byRun.computeIfAbsent(rs.getString("run_id"), k -> new ArrayList<>())
                            .add(new PlaybookRunView.Action(rs.getString("type"), rs.getString("status"),
                                    rs.getString("task_id"), rs.getString("error")));
                    return null;
                })
                .list();
        return byRun;
    }

    private Map<String, Object> snapshot(String text) {
        try {
            return json.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
