package com.lealup.app.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.integration.OAuthCalls;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.FakeOutsideWorld;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's example playbook, as written, end to end: ingested NPS responses drop an Enterprise customer's health
 * below 60, the playbook fires exactly once, the owner gets the task, the workspace's Slack (a local fake) gets
 * the message, and the run shows both outcomes.
 */
class PlaybookEndToEndTest extends ApiTest {

    @Test
    void theSeedsPlaybookFiresOnceTheOwnerGetsTheTaskAndSlackTheMessage() throws Exception {
        Workspace ws = newWorkspace();
        PlaybookCalls calls = new PlaybookCalls(http(), ws);
        String owner = http().post("/v1/users").token(ws.token()).json(Map.of("email", "csm@lealup.com", "role", "csm",
                "locale", "es", "timezone", "America/Santiago")).send().json().path("id").asText();
        String enterprise = http().post("/v1/segments").token(ws.token()).json(Map.of("name", "Enterprise")).send()
                .json().path("id").asText();
        String customer = calls.customer(Map.of("name", "Acme Corp", "email_domain", "acme.com", "arr", 145000,
                "owner_email", "csm@lealup.com", "segment_id", enterprise));
        String botToken = "xoxb-" + System.nanoTime();
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", botToken).status()).isEqualTo(200);
        String playbook = calls.playbook(PlaybookCalls.SEED_EXAMPLE);

        scoreFromNps(ws, customer, 9, Duration.ofMinutes(3));
        scoreFromNps(ws, customer, 2, Duration.ofMinutes(2));
        scoreFromNps(ws, customer, 1, Duration.ofMinutes(1));

        List<JsonNode> runs = calls.awaitRuns(playbook, r -> r.size() == 1
                && r.get(0).path("actions").get(0).path("status").asText().equals("succeeded")
                && r.get(0).path("actions").get(1).path("status").asText().equals("succeeded"));
        awaitProcessorsCaughtUp();
        runs = calls.runs(playbook);
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.path("customer_id").asText()).isEqualTo(customer);
        assertThat(run.path("snapshot").toString()).isEqualTo("{\"health_score\":20,\"segment\":\"Enterprise\"}");
        assertThat(run.path("actions").get(1).path("type").asText()).isEqualTo("notify");
        assertThat(run.path("actions").get(1).path("status").asText()).isEqualTo("succeeded");
        List<FakeOutsideWorld.Request> posts = FakeOutsideWorld.get().requests("/api/chat.postMessage", "#cs-alerts")
                .stream().filter(p -> ("Bearer " + botToken).equals(p.header("Authorization"))).toList();
        assertThat(posts).hasSize(1);
        assertThat(HttpClientSupport.JSON.readTree(posts.get(0).body()).path("channel").asText()).isEqualTo("#cs-alerts");

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

    /**
     * Two playbooks whose actions make each other's condition true, without a cooldown: the chain of runs, each
     * caused by the one before through the changes of its actions, stops at the engine's longest chain.
     */
    @Test
    void playbooksFlippingAFieldForEachOtherStopAtTheLongestChain() throws Exception {
        Workspace ws = newWorkspace();
        PlaybookCalls calls = new PlaybookCalls(http(), ws);
        String customer = calls.customer(Map.of("name", "Flipper", "email_domain", "flipper.com",
                "custom_fields", Map.of("flip", 2)));
        String toOne = calls.playbook(flip(0, 1));
        String toZero = calls.playbook(flip(1, 0));

        calls.patchCustomer(customer, Map.of("custom_fields", Map.of("flip", 0)));

        calls.awaitRuns(toOne, runs -> runs.size() == 5);
        calls.awaitRuns(toZero, runs -> runs.size() == 5);
        awaitProcessorsCaughtUp();
        Thread.sleep(500);
        awaitProcessorsCaughtUp();
        assertThat(calls.runs(toOne)).hasSize(5);
        assertThat(calls.runs(toZero)).hasSize(5);
        // the first change the client's, then one a run: the last run's change made the other's condition true again
        JsonNode flipper = http().get("/v1/customers/" + customer).token(ws.token()).send().json();
        assertThat(flipper.path("version").asInt()).isEqualTo(1 + 1 + 10);
        assertThat(flipper.path("custom_fields").path("flip").asInt()).isEqualTo(0);
    }

    private static Map<String, Object> flip(int from, int to) {
        return Map.of("name", "Flip " + from, "enabled", true,
                "trigger", Map.of("type", "condition", "expression", "custom_fields.flip == " + from),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "flip", "value", to)));
    }

    /** Ingests an NPS response {@code ago} and recalculates until the score reflects it (NPS alone: score × 10). */
    private void scoreFromNps(Workspace ws, String customer, int nps, Duration ago) throws InterruptedException {
        Map<String, Object> event = Map.of("type", "nps.response", "customer_id", customer,
                "timestamp", clock.instant().minus(ago).toString(), "properties", Map.of("score", nps));
        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(event))).send().status())
                .isEqualTo(202);
        Instant deadline = Instant.now().plusSeconds(20);
        while (http().post("/v1/customers/" + customer + "/health/recalculate").token(ws.token()).send().json()
                .path("score").asInt() != nps * 10) {
            assertThat(Instant.now()).as("scored from NPS " + nps).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
