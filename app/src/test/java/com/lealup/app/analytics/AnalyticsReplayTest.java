package com.lealup.app.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.ProjectionReplay;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each analytics projection, damaged and then replayed twice from the event store, gives the same rows, column for
 * column, and the same answers.
 */
class AnalyticsReplayTest extends ApiTest {

    private static final Map<String, List<String>> TABLES = Map.of(
            "analytics-portfolio", List.of("analytics_portfolio_customer ORDER BY customer_id",
                    "analytics_portfolio_interval ORDER BY customer_id, valid_from",
                    "analytics_portfolio_change ORDER BY day, status, health_status"),
            "analytics-renewals", List.of("analytics_renewal ORDER BY customer_id",
                    "analytics_renewal_day ORDER BY renewal_date, forecast_category"),
            "analytics-cohorts", List.of("analytics_cohort_customer ORDER BY customer_id",
                    "analytics_cohort_change ORDER BY cohort_month, day"));

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private JdbcTemplate jdbc;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void aReplayRebuildsTheSameRows() throws InterruptedException {
        Workspace ws = newWorkspace();
        String a = create(ws, "acme.com", "active", 1200.5, "2030-01-15");
        String b = create(ws, "bolt.com", "trial", 300, "2030-02-15");
        create(ws, "core.com", "paused", 70.25, null);
        clock.advance(Duration.ofDays(40));
        patch(ws, b, Map.of("status", "active", "arr", 450, "forecast_category", "commit"));
        patch(ws, a, Map.of("status", "churned"));
        clock.advance(Duration.ofDays(40));
        patch(ws, a, Map.of("status", "active", "arr", 1500));
        assertThat(http().delete("/v1/customers/" + b).token(ws.token()).send().status()).isEqualTo(204);

        String portfolioOfDay41 = "/v1/analytics/portfolio?as_of=" + LocalDate.now(clock).minusDays(39);
        Map<String, String> answers = Map.of(
                "analytics-portfolio", portfolioOfDay41,
                "analytics-renewals", "/v1/analytics/renewals?from=2030-01-01&to=2030-12-31",
                "analytics-cohorts", "/v1/analytics/cohorts");
        // the projections follow the writes asynchronously
        Instant deadline = Instant.now().plusSeconds(20);
        while (get(ws, "/v1/analytics/portfolio").path("customer_count").asInt() != 2
                || get(ws, "/v1/analytics/renewals?from=2030-01-01&to=2030-12-31").path("data").get(1).path("count")
                .asInt() != 0
                || get(ws, "/v1/analytics/cohorts").findValues("size").stream().mapToInt(JsonNode::asInt).sum() != 2) {
            assertThat(Instant.now()).as("analytics caught up").isBefore(deadline);
            Thread.sleep(50);
        }

        for (String group : TABLES.keySet()) {
            List<List<Map<String, Object>>> before = rows(group, ws.id());
            JsonNode answer = get(ws, answers.get(group));
            damage(group, ws.id());
            assertThat(rows(group, ws.id())).as(group + " damaged").isNotEqualTo(before);
            ProjectionReplay.replayAndAwait(processing, group, () -> rows(group, ws.id()), before);
            ProjectionReplay.replayAndAwait(processing, group, () -> rows(group, ws.id()), before);
            assertThat(get(ws, answers.get(group))).as(group).isEqualTo(answer);
        }
    }

    private void damage(String group, String workspace) {
        switch (group) {
            case "analytics-portfolio" -> {
                jdbc.update("UPDATE analytics_portfolio_interval SET arr = arr + 1 WHERE workspace_id = ?", workspace);
                jdbc.update("DELETE FROM analytics_portfolio_customer WHERE workspace_id = ?", workspace);
                jdbc.update("INSERT INTO analytics_portfolio_change VALUES (?, DATE '2001-01-01', 'active', 'unknown', 5, 5)",
                        workspace);
            }
            case "analytics-renewals" -> {
                jdbc.update("UPDATE analytics_renewal SET arr = 0, deleted = NOT deleted WHERE workspace_id = ?", workspace);
                jdbc.update("UPDATE analytics_renewal_day SET customers = 9 WHERE workspace_id = ?", workspace);
            }
            default -> {
                jdbc.update("UPDATE analytics_cohort_change SET customers = customers + 7 WHERE workspace_id = ?", workspace);
                jdbc.update("UPDATE analytics_cohort_customer SET cohort_month = NULL WHERE workspace_id = ?", workspace);
            }
        }
    }

    private List<List<Map<String, Object>>> rows(String group, String workspace) {
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        for (String table : TABLES.get(group)) {
            String[] nameAndOrder = table.split(" ", 2);
            rows.add(jdbc.queryForList("SELECT * FROM " + nameAndOrder[0] + " WHERE workspace_id = ? " + nameAndOrder[1],
                    workspace));
        }
        return rows;
    }

    private String create(Workspace ws, String domain, String status, double arr, String renewal) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", domain, "email_domain", domain,
                "status", status, "arr", arr));
        if (renewal != null) {
            body.put("renewal_date", renewal);
        }
        var created = http().post("/v1/customers").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private void patch(Workspace ws, String customer, Map<String, Object> changes) {
        assertThat(http().patch("/v1/customers/" + customer).token(ws.token()).json(changes).send().status())
                .isEqualTo(200);
    }

    private JsonNode get(Workspace ws, String path) {
        var response = http().get(path).token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
