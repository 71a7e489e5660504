package com.lealup.app.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The calls the playbook tests share: creating customers and playbooks, and waiting for runs. */
final class PlaybookCalls {

    /** The seed's example body, as written there. */
    static final String SEED_EXAMPLE = """
            {
              "name": "Enterprise At-Risk",
              "trigger": {
                "type": "condition",
                "expression": "health_score < 60 AND segment == 'Enterprise'"
              },
              "actions": [
                {"type": "create_task", "title": "Call champion", "assignee": "owner"},
                {"type": "notify", "channel": "slack", "target": "#cs-alerts"}
              ],
              "enabled": true
            }""";

    private final HttpClientSupport http;
    private final Workspace ws;

    PlaybookCalls(HttpClientSupport http, Workspace ws) {
        this.http = http;
        this.ws = ws;
    }

    String customer(Map<String, Object> body) {
        Response response = http.post("/v1/customers").token(ws.token()).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    void patchCustomer(String id, Map<String, Object> changes) {
        Response response = http.patch("/v1/customers/" + id).token(ws.token()).json(changes).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    String playbook(Object body) {
        Response response = http.post("/v1/playbooks").token(ws.token()).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    /** A condition playbook with one create_task action for the owner. */
    String conditionPlaybook(String expression, boolean enabled, int cooldownDays) {
        return playbook(Map.of("name", "When " + expression,
                "trigger", Map.of("type", "condition", "expression", expression),
                "actions", List.of(Map.of("type", "create_task", "title", "Look at it", "assignee", "owner")),
                "enabled", enabled, "cooldown_days", cooldownDays));
    }

    List<JsonNode> runs(String playbookId) {
        Response response = http.get("/v1/playbooks/" + playbookId + "/runs?limit=200").token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> runs = new ArrayList<>();
        response.json().path("data").forEach(runs::add);
        return runs;
    }

    /** Waits until the runs satisfy {@code condition}, then answers them. */
    List<JsonNode> awaitRuns(String playbookId, Predicate<List<JsonNode>> condition) {
        return await("runs of " + playbookId).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> runs(playbookId), condition);
    }
}
