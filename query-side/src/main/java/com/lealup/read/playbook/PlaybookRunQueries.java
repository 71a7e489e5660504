package com.lealup.read.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.playbook.ListPlaybookRuns;
import com.lealup.api.playbook.PlaybookRunList;
import com.lealup.api.playbook.PlaybookRunView;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
                    ((Timestamp) run.get("matched_at")).toInstant(), snapshot((String) run.get("snapshot")),
                    actions.getOrDefault(id, List.of())));
        }
        return new PlaybookRunList(rows);
    }

    private record RunAction(String runId, PlaybookRunView.Action action) {
    }

    /** The actions of the runs, each run's in the playbook's order. */
    private Map<String, List<PlaybookRunView.Action>> actionsOf(List<String> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        SELECT run_id, type, status, task_id, error FROM playbook_run_action_view
                        WHERE run_id IN (:runs) ORDER BY run_id, action_index""")
                .param("runs", runIds)
                .query((rs, n) -> new RunAction(rs.getString("run_id"), new PlaybookRunView.Action(rs.getString("type"),
                        rs.getString("status"), rs.getString("task_id"), rs.getString("error"))))
                .list().stream()
                .collect(Collectors.groupingBy(RunAction::runId,
                        Collectors.mapping(RunAction::action, Collectors.toList())));
    }

    private Map<String, Object> snapshot(String text) {
        try {
            return json.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
