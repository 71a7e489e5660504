package com.lealup.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The health read models (current health and its history) rebuilt from the event store give the same series. */
class HealthHistoryReplayTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private JdbcTemplate jdbc;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void aReplayRebuildsTheSameHistory() throws InterruptedException {
        Workspace ws = newWorkspace();
        String customer = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Acme", "email_domain", "acme.com")).send().json().path("id").asText();
        LocalDate day0 = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (int score : new int[] {9, 5, 2}) {
            Map<String, Object> nps = Map.of("type", "nps.response", "customer_id", customer,
                    "timestamp", clock.instant().toString(), "properties", Map.of("score", score));
            assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(nps))).send().status())
                    .isEqualTo(202);
            // the signals follow the events asynchronously: recalculate until they are in
            Instant deadline = Instant.now().plusSeconds(20);
            while (http().post("/v1/customers/" + customer + "/health/recalculate").token(ws.token()).send().json()
                    .path("score").asInt() != score * 10) {
                assertThat(Instant.now()).as("scored from NPS " + score).isBefore(deadline);
                Thread.sleep(50);
            }
            clock.advance(Duration.ofDays(2));
        }
        String history = "/v1/customers/" + customer + "/health/history?from=" + day0 + "&to=" + day0.plusDays(5);
        JsonNode daily = http().get(history).token(ws.token()).send().json();
        JsonNode weekly = http().get(history + "&granularity=weekly").token(ws.token()).send().json();
        assertThat(daily.path("data")).as("day0 to day0 + 5, all scored").hasSize(6);
        List<Map<String, Object>> before = rows(customer);
        assertThat(before).hasSize(4);

        // rows no event accounts for must go, damaged ones must come back
        jdbc.update("UPDATE health_score_change SET score = 0 WHERE customer_id = ?", customer);
        jdbc.update("INSERT INTO health_score_change VALUES (?, 99, ?, 1, 'at_risk', now())", customer, ws.id());
        replayAndAwait(customer, before);
        replayAndAwait(customer, before);

        assertThat(http().get(history).token(ws.token()).send().json()).isEqualTo(daily);
        assertThat(http().get(history + "&granularity=weekly").token(ws.token()).send().json()).isEqualTo(weekly);
    }

    private void replayAndAwait(String customer, List<Map<String, Object>> expected) throws InterruptedException {
        StreamingEventProcessor processor = processing.eventProcessor("customer-health", StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (processor.isReplaying() || !rows(customer).equals(expected)) {
            assertThat(Instant.now()).as("replay finished with the same rows").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private List<Map<String, Object>> rows(String customer) {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.queryForList(
                "SELECT * FROM health_score_change WHERE customer_id = ? ORDER BY calculation", customer));
        rows.addAll(jdbc.queryForList("SELECT * FROM health_view WHERE customer_id = ?", customer));
        return rows;
    }
}
