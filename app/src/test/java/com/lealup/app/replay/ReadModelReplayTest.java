package com.lealup.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.integration.OAuthCalls;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Call;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.ProjectionReplay;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read models without a replay test of their own (tasks, territories, health models, integrations): a replay
 * from the event store repairs a damaged read model, and replaying twice gives the same rows, column for column.
 */
class ReadModelReplayTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void tasksThroughTheirWholeLifecycle() throws InterruptedException {
        Workspace ws = newWorkspace();
        String customer = send(http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Acme", "email_domain", "acme.com")), 201).path("id").asText();
        String called = task(ws, customer, "Call champion");
        String review = task(ws, customer, "Review renewal");
        task(ws, customer, "Send deck");
        send(http().patch("/v1/tasks/" + review).token(ws.token())
                .json(Map.of("status", "in_progress", "priority", "low", "description", "Q3 numbers")), 200);
        send(http().post("/v1/tasks/" + called + "/complete").token(ws.token())
                .json(Map.of("outcome", "resolved", "notes", "Habló con el champion")), 200);

        replayTwice("tasks", "task_view", ws.id(), 3);
        assertThat(send(http().get("/v1/tasks/" + called).token(ws.token()), 200).path("status").asText())
                .isEqualTo("completed");
    }

    @Test
    void territories() throws InterruptedException {
        Workspace ws = newWorkspace();
        for (String name : List.of("LATAM", "EMEA", "Norteamérica")) {
            send(http().post("/v1/territories").token(ws.token()).json(Map.of("name", name)), 201);
        }
        replayTwice("territories", "territory_view", ws.id(), 3);
    }

    @Test
    void healthModelsAfterAChange() throws InterruptedException {
        Workspace ws = newWorkspace();
        send(http().patch("/v1/health/model").token(ws.token()).header("If-Match", "\"1\"")
                .json(Map.of("dimensions", List.of(Map.of("key", "nps", "enabled", false),
                                Map.of("key", "product_usage", "weight", 50)),
                        "thresholds", Map.of("healthy", 80))), 200);
        replayTwice("health-models", "health_model_view", ws.id(), 1);
        assertThat(send(http().get("/v1/health/model").token(ws.token()), 200).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void integrationsConnectedAndPending() throws InterruptedException {
        Workspace ws = newWorkspace();
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxb-replay").status()).isEqualTo(200);
        send(http().post("/v1/integrations/hubspot/connect").token(ws.token()), 200);
        replayTwice("integrations", "integration_view", ws.id(), 2);
    }

    @Test
    void webhookSubscriptionsUpdatedRotatedAndDeleted() throws InterruptedException {
        Workspace ws = newWorkspace();
        Map<String, Object> body = Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("customer.created"),
                "description", "CRM");
        String kept = send(http().post("/v1/webhook-subscriptions").token(ws.token()).json(body), 201).path("id")
                .asText();
        Map<String, Object> change = new HashMap<>(Map.of("url", "http://127.0.0.1:9/moved", "events", List.of("*")));
        change.put("description", null);
        send(http().patch("/v1/webhook-subscriptions/" + kept).token(ws.token()).json(change), 200);
        send(http().post("/v1/webhook-subscriptions/" + kept + "/rotate-secret").token(ws.token()), 200);
        String gone = send(http().post("/v1/webhook-subscriptions").token(ws.token()).json(body), 201).path("id")
                .asText();
        assertThat(http().delete("/v1/webhook-subscriptions/" + gone).token(ws.token()).send().status()).isEqualTo(204);
        replayTwice("webhook-subscriptions", "webhook_subscription_view", ws.id(), 2);
        assertThat(http().get("/v1/webhook-subscriptions/" + gone).token(ws.token()).send().status()).isEqualTo(404);
    }

    private String task(Workspace ws, String customer, String title) {
        return send(http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", customer, "title", title,
                "due_date", "2027-01-15", "priority", "high")), 201).path("id").asText();
    }

    private static JsonNode send(Call request, int status) {
        Response response = request.send();
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.json();
    }

    /** Waits for the read model to show {@code rows} rows, damages them, and replays the group twice. */
    private void replayTwice(String processingGroup, String table, String workspaceId, int rows)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (rows(table, workspaceId).size() != rows) {
            assertThat(Instant.now()).as("the " + processingGroup + " read model caught up").isBefore(deadline);
            Thread.sleep(50);
        }
        List<Map<String, Object>> before = rows(table, workspaceId);
        jdbc.update("DELETE FROM " + table + " WHERE workspace_id = ?", workspaceId);
        for (int round = 0; round < 2; round++) {
            ProjectionReplay.replayAndAwait(processing, processingGroup, () -> rows(table, workspaceId), before);
        }
        assertThat(rows(table, workspaceId)).isEqualTo(before);
    }

    /** Every column of the workspace's rows, JSON as text. */
    private List<Map<String, Object>> rows(String table, String workspaceId) {
        return jdbc.queryForList("SELECT to_jsonb(t)::text AS row FROM " + table + " t WHERE workspace_id = ? ORDER BY 1",
                workspaceId);
    }
}
