package com.lealup.app.playbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's example playbook end to end. Health scoring is not on this branch yet, so the customer's facts change
 * through its ARR: the seed's actions and shape with {@code arr < 60000} in place of {@code health_score < 60}.
 */
class PlaybookEndToEndTest extends ApiTest {

    @Test
    void theSeedsPlaybookFiresOnceAndTheOwnerGetsTheTask() throws InterruptedException {
        Workspace ws = newWorkspace();
        PlaybookCalls calls = new PlaybookCalls(http(), ws);
        String owner = http().post("/v1/users").token(ws.token()).json(Map.of("email", "csm@lealup.com", "role", "csm",
                "locale", "es", "timezone", "America/Santiago")).send().json().path("id").asText();
        String enterprise = http().post("/v1/segments").token(ws.token()).json(Map.of("name", "Enterprise")).send()
                .json().path("id").asText();
        String customer = calls.customer(Map.of("name", "Acme Corp", "email_domain", "acme.com", "arr", 145000,
                "owner_email", "csm@lealup.com", "segment_id", enterprise));
        String playbook = calls.playbook(PlaybookCalls.SEED_EXAMPLE
                .replace("health_score < 60", "arr < 60000"));

        calls.patchCustomer(customer, Map.of("arr", 50000));
        calls.patchCustomer(customer, Map.of("arr", 40000));
        calls.patchCustomer(customer, Map.of("custom_fields", Map.of("tier", "Gold")));

        List<JsonNode> runs = calls.awaitRuns(playbook, r -> r.size() == 1
                && r.get(0).path("actions").get(0).path("status").asText().equals("succeeded"));
        PlaybookCalls.settle();
        runs = calls.runs(playbook);
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.path("customer_id").asText()).isEqualTo(customer);
        assertThat(run.path("snapshot").toString()).isEqualTo("{\"arr\":50000,\"segment\":\"Enterprise\"}");
        assertThat(run.path("actions").get(1).path("type").asText()).isEqualTo("notify");
        assertThat(run.path("actions").get(1).path("status").asText()).isEqualTo("pending");

        String taskId = run.path("actions").get(0).path("task_id").asText();
        JsonNode tasks = http().get("/v1/tasks?playbook_id=" + playbook).token(ws.token()).send().json().path("data");
        assertThat(tasks).hasSize(1);
        JsonNode task = tasks.get(0);
        assertThat(task.path("id").asText()).isEqualTo(taskId);
        assertThat(task.path("title").asText()).isEqualTo("Call champion");
        assertThat(task.path("assignee_id").asText()).isEqualTo(owner);
        assertThat(task.path("owner_id").asText()).isEqualTo(owner);
        assertThat(task.path("customer_id").asText()).isEqualTo(customer);
        assertThat(task.path("playbook_run_id").asText()).isEqualTo(run.path("id").asText());
    }
}
