package com.lealup.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.ProjectionReplay;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The health changes read model is rebuilt from the event store alone: damage, then replay. */
class HealthChangesReplayTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aDamagedReadModelIsRebuiltByAReplay() throws InterruptedException {
        Workspace ws = newWorkspace();
        String customer = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Acme", "email_domain", "acme.com")).send().json().path("id").asText();
        for (int score : new int[] {9, 5, 2}) {
            Map<String, Object> nps = Map.of("type", "nps.response", "customer_id", customer,
                    "timestamp", clock.instant().toString(), "properties", Map.of("score", score));
            assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(nps))).send().status())
                    .isEqualTo(202);
            awaitChange(ws, customer, score * 10);
        }
        String path = "/v1/customers/" + customer + "/health/changes";
        JsonNode answer = http().get(path).token(ws.token()).send().json();
        assertThat(answer.path("data")).hasSize(3);
        List<Map<String, Object>> before = rows(customer);

        // rows no event accounts for must go, damaged and missing ones must come back
        jdbc.update("UPDATE health_change SET score = 0, dimensions = '[]' WHERE customer_id = ? AND calculation = 1",
                customer);
        jdbc.update("UPDATE health_change SET explanation = '{}', event_id = 'evt-bogus', trace_id = NULL "
                + "WHERE customer_id = ? AND calculation = 3", customer);
        jdbc.update("DELETE FROM health_change WHERE customer_id = ? AND calculation = 2", customer);
        jdbc.update("""
                INSERT INTO health_change (customer_id, calculation, workspace_id, calculated_at, score, model_version,
                    trigger, dimensions, explanation, event_id) VALUES (?, 99, ?, now(), 1, 1, 'manual', '[]', '{}',
                    'evt-bogus')""", customer,
                ws.id());
        assertThat(rows(customer)).isNotEqualTo(before);
        ProjectionReplay.replayAndAwait(processing, "health-changes", () -> rows(customer), before);
        ProjectionReplay.replayAndAwait(processing, "health-changes", () -> rows(customer), before);

        assertThat(http().get(path).token(ws.token()).send().json()).isEqualTo(answer);
        // stored with the revision that has the trigger
        assertThat(jdbc.queryForList("""
                SELECT DISTINCT payload_revision FROM domain_event_entry
                WHERE payload_type = 'com.lealup.api.health.HealthScoreCalculated'
                AND convert_from(payload, 'UTF8') LIKE ?""", String.class, "%" + customer + "%")).containsExactly("2");
    }

    private void awaitChange(Workspace ws, String customer, int score) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!http().get("/v1/customers/" + customer + "/health/changes?limit=1").token(ws.token()).send().json()
                .path("data").path(0).path("score").toString().equals(String.valueOf(score))) {
            assertThat(Instant.now()).as("a change to " + score).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private List<Map<String, Object>> rows(String customer) {
        return jdbc.queryForList("""
                SELECT customer_id, calculation, workspace_id, calculated_at, score, previous_score, status,
                    previous_status, model_version, trigger, dimensions::text AS dimensions,
                    explanation::text AS explanation, event_id, trace_id
                FROM health_change WHERE customer_id = ? ORDER BY calculation""", customer);
    }
}
