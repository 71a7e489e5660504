package com.lealup.app.playbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.ProjectionReplay;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Replaying the runs (and playbooks) read models from the event store gives the same answers, twice. */
class PlaybookRunsReplayTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;

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
        String before = runsAndPlaybook(ws, playbook);

        for (int round = 0; round < 2; round++) {
            ProjectionReplay.replayAndAwait(processing, "playbook-runs", () -> runsAndPlaybook(ws, playbook), before);
            ProjectionReplay.replayAndAwait(processing, "playbooks", () -> runsAndPlaybook(ws, playbook), before);
        }
        assertThat(runsAndPlaybook(ws, playbook)).isEqualTo(before);
    }

    private String runsAndPlaybook(Workspace ws, String playbook) {
        JsonNode runs = http().get("/v1/playbooks/" + playbook + "/runs").token(ws.token()).send().json();
        String definition = http().get("/v1/playbooks/" + playbook).token(ws.token()).send().rawBody();
        return runs + "\n" + definition;
    }
}
