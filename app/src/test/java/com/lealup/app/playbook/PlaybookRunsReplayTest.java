package com.lealup.app.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.ProjectionReplay;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Replaying the damaged runs (and playbooks) read models from the event store gives the same answers, twice. */
class PlaybookRunsReplayTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void replayRebuildsTheRunsExactly() throws InterruptedException {
        Workspace ws = newWorkspace();
        PlaybookCalls calls = new PlaybookCalls(http(), ws);
        String playbook = calls.playbook(Map.of("name", "Big ones",
                "trigger", Map.of("type", "condition", "expression", "arr > 1000 AND status IN ('active', 'trial')"),
                "actions", List.of(Map.of("type", "create_task", "title", "Call", "assignee", "owner"),
                        Map.of("type", "notify", "channel", "slack", "target", "#cs")),
                "enabled", true));
        for (int i = 0; i < 3; i++) {
            calls.customer(Map.of("name", "C" + i, "email_domain", "c" + i + ".com", "arr", 5000));
        }
        // every outcome in, the notify included (Slack is not connected here: it fails at once), before the snapshot
        calls.awaitRuns(playbook, r -> r.size() == 3 && r.stream()
                .allMatch(run -> run.path("actions").get(0).path("status").asText().equals("succeeded")
                        && run.path("actions").get(1).path("status").asText().equals("failed")));
        String runsBefore = runs(ws, playbook);
        String playbookBefore = definition(ws, playbook);

        for (int round = 0; round < 2; round++) {
            damage(ws, playbook);
            assertThat(runs(ws, playbook)).as("damaged runs").isNotEqualTo(runsBefore);
            assertThat(definition(ws, playbook)).as("damaged playbook").isNotEqualTo(playbookBefore);
            ProjectionReplay.replayAndAwait(processing, "playbook-runs", () -> runs(ws, playbook), runsBefore);
            ProjectionReplay.replayAndAwait(processing, "playbooks", () -> definition(ws, playbook), playbookBefore);
        }
        assertThat(runs(ws, playbook)).isEqualTo(runsBefore);
        assertThat(definition(ws, playbook)).isEqualTo(playbookBefore);
    }

    /** Wrong rows in both read models (still of the API's shape): a replay that changed nothing would leave them so. */
    private void damage(Workspace ws, String playbook) {
        jdbc.update("""
                UPDATE playbook_run_action_view SET status = CASE status WHEN 'failed' THEN 'succeeded' ELSE 'failed' END
                 WHERE run_id IN (SELECT id FROM playbook_run_view WHERE workspace_id = ?)""", ws.id());
        jdbc.update("DELETE FROM playbook_run_view WHERE workspace_id = ? AND id = (SELECT min(id) FROM playbook_run_view"
                + " WHERE workspace_id = ?)", ws.id(), ws.id());
        jdbc.update("UPDATE playbook_view SET definition = jsonb_set(definition, '{name}', '\"damaged\"') WHERE id = ?",
                playbook);
    }

    private String runs(Workspace ws, String playbook) {
        return http().get("/v1/playbooks/" + playbook + "/runs").token(ws.token()).send().rawBody();
    }

    private String definition(Workspace ws, String playbook) {
        return http().get("/v1/playbooks/" + playbook).token(ws.token()).send().rawBody();
    }
}
