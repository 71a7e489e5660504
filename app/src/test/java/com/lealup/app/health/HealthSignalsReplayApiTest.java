package com.lealup.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * docs/health-model.md "While the signals are rebuilt": recalculations keep coming while an operator replays
 * {@code health-signals} in place. Before, one under way when the reset emptied the signals published a null score
 * for good, the sweep published scores of part of the history, and the reset's TRUNCATE deadlocked with a
 * recalculation (a 500 for the replay or the recalculation).
 */
class HealthSignalsReplayApiTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;

    private static final int CLIENTS = 4;

    @Test
    void noScoreIsPublishedFromSignalsBeingRebuilt() throws Exception {
        Workspace ws = newWorkspace();
        HealthCalls calls = scoredExample(ws);
        String recalculate = recalculation(calls);

        AtomicBoolean replaying = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Response> answers = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.execute(() -> {
                while (replaying.get()) {
                    answers.add(http().post(recalculate).token(ws.token()).send());
                }
            });
        }
        Thread.sleep(300);
        Response replay = http().post("/v1/admin/projections/health-signals/replay").token(ws.token()).send();
        JsonNode status = awaitLive(ws);
        Thread.sleep(500);
        replaying.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        assertThat(status.path("error").isNull()).as(status.toString()).isTrue();
        List<Integer> statuses = answers.stream().map(Response::status).distinct().toList();
        assertThat(statuses).as("recalculations during the replay: " + answers.stream()
                .filter(answer -> answer.status() >= 300).findFirst()).isSubsetOf(200, 202);
        assertThat(answers.stream().filter(answer -> answer.status() == 200).map(answer -> answer.json().path("score")
                .asInt(-1)).distinct().toList()).as("every score answered").containsExactly(84);
        // the marks the replay left are rescored by the sweep: they change nothing
        Thread.sleep(2500);
        List<JsonNode> changes = new ArrayList<>();
        http().get("/v1/customers/" + calls.customer() + "/health/changes").token(ws.token()).send().json()
                .path("data").forEach(changes::add);
        assertThat(changes).as("the one change of score, 84, and none from part of the history").hasSize(1);
        assertThat(changes.get(0).path("score").asInt()).isEqualTo(84);
    }

    /** The replay held at its start (its processor stopped once reset): a recalculation is accepted, not scored. */
    @Test
    void aRecalculationWhileTheSignalsAreRebuiltIsAcceptedAndTheSweepScoresAfter() throws Exception {
        Workspace ws = newWorkspace();
        HealthCalls calls = scoredExample(ws);
        String recalculate = recalculation(calls);
        StreamingEventProcessor signals = processing.eventProcessor(RecalculateHealth.SIGNALS_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        signals.shutDown();
        Response accepted;
        try {
            signals.resetTokens();
            accepted = http().post(recalculate).token(ws.token()).send();
        } finally {
            signals.start();
        }

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.header("Location")).isEqualTo("/v1/customers/" + calls.customer() + "/health");
        awaitLive(ws);
        Instant rescored = Instant.now().plusSeconds(20);
        while (http().get("/v1/customers/" + calls.customer() + "/health").token(ws.token()).send().json()
                .path("score").asInt() != 84) {
            assertThat(Instant.now()).as("the score after the replay").isBefore(rescored);
        }
        assertThat(http().get("/v1/customers/" + calls.customer() + "/health/changes").token(ws.token()).send().json()
                .path("data").size()).as("no score of part of the history").isEqualTo(1);
    }

    /** A customer of the health example's events, scored 84 from them. */
    private HealthCalls scoredExample(Workspace ws) {
        HealthCalls calls = new HealthCalls(http(), ws, clock);
        calls.ingestTheExample();
        Instant scored = Instant.now().plusSeconds(20);
        while (http().post(recalculation(calls)).token(ws.token()).send().json().path("score").asInt() != 84) {
            assertThat(Instant.now()).as("scored from the example's events").isBefore(scored);
        }
        return calls;
    }

    private static String recalculation(HealthCalls calls) {
        return "/v1/customers/" + calls.customer() + "/health/recalculate";
    }

    private JsonNode awaitLive(Workspace ws) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode status = http().get("/v1/admin/projections/health-signals").token(ws.token()).send().json();
            // an in-place replay's reset is done before its 202: it shows until the replay is over
            if (!status.path("status").asText().equals("replaying")) {
                return status;
            }
            assertThat(Instant.now()).as("the replay ends: " + status).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
