package com.lealup.app.health;

import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.RawHttp;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.api.health.RescoreMarkedCustomers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Health over real HTTP: scores from ingested events, the model, recalculation, history, the customer list. */
class HealthApiTest extends ApiTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private CommandGateway commandGateway;

    @Autowired
    private EventProcessingConfiguration processing;

    private HealthCalls calls;
    private Workspace ws;
    private String acme;

    @BeforeEach
    void customer() {
        calls = new HealthCalls(http(), newWorkspace(), clock);
        ws = calls.workspace();
        acme = calls.customer();
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    private JsonNode awaitHealth(Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            JsonNode health = http().get("/v1/customers/" + acme + "/health").token(ws.token()).send().json();
            if (condition.test(health)) {
                return health;
            }
            assertThat(Instant.now()).as("health never became as expected: " + health).isBefore(deadline);
            sleep(100);
        }
    }

    @Test
    void aCustomerIsScoredFromItsEventsInTheBackground() {
        JsonNode before = http().get("/v1/customers/" + acme + "/health").token(ws.token()).send().json();
        assertThat(before.path("score").isNull()).isTrue();
        assertThat(before.path("status").isNull()).isTrue();
        assertThat(listedHealth().path("score").isInt()).isFalse();

        String ingestion = calls.ingestTheExample();
        JsonNode health = awaitHealth(h -> h.path("score").isInt());

        assertThat(health.path("score").asInt()).isEqualTo(84);
        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.path("model_version").asInt()).isEqualTo(1);
        assertThat(health.path("calculated_at").asText()).endsWith("Z");
        Map<String, JsonNode> dims = byKey(health.path("dimensions"));
        assertThat(dims.keySet()).containsExactly("product_usage", "engagement", "support", "nps", "financial");
        assertThat(dims.get("product_usage").path("score").asInt()).isEqualTo(75);
        assertThat(dims.get("product_usage").path("weight").asDouble()).isEqualTo(35.0);
        assertThat(dims.get("product_usage").path("contribution").asDouble()).isEqualTo(26.25);
        assertThat(dims.get("product_usage").path("signals").path("events_last_30d").asInt()).isEqualTo(100);
        assertThat(dims.get("product_usage").path("signals").path("seats").asInt()).isEqualTo(10);
        assertThat(dims.get("engagement").path("score").asInt()).isEqualTo(100);
        assertThat(dims.get("support").path("score").asInt()).isEqualTo(70);
        assertThat(dims.get("nps").path("score").asInt()).isEqualTo(80);
        assertThat(dims.get("financial").path("score").asInt()).isEqualTo(100);
        assertThat(health.path("trend").has("delta_7d")).isTrue();
        assertThat(health.path("trend").path("delta_7d").isNull()).isTrue();

        // the customer detail and list use the current score
        JsonNode detail = http().get("/v1/customers/" + acme).token(ws.token()).send().json();
        assertThat(detail.path("health").path("score").asInt()).isEqualTo(84);
        assertThat(detail.path("health").path("dimensions")).hasSize(5);
        awaitList("healthy", 1);
        assertThat(http().get("/v1/customers?health_status=at_risk").token(ws.token()).send().json().path("data")).isEmpty();
        // a score changes the row, not the customer's version: the page read before is not answered again
        assertThat(listedHealth().path("score").asInt()).isEqualTo(84);

        // the first score is also a change of status, for playbooks
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE payload_type = 'com.lealup.api.health.HealthStatusChanged'
                AND convert_from(payload, 'UTF8') LIKE ?""", Integer.class, "%" + acme + "%")).isEqualTo(1);
        // scored by the background sweep, in the trace of the request that ingested the events (API.md section 1)
        assertThat(scoreTraces(1)).containsExactly(ingestion);
    }

    /** The trace ids of the customer's score changes in its history, oldest first, once it lists {@code count}. */
    private List<String> scoreTraces(int count) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            JsonNode data = http().get("/v1/customers/" + acme + "/history?type=customer.health_changed")
                    .token(ws.token()).send().json().path("data");
            if (data.size() >= count) {
                List<String> traces = new ArrayList<>();
                data.forEach(entry -> traces.add(entry.path("trace_id").asText()));
                return traces;
            }
            assertThat(Instant.now()).as("score changes in the history: " + data).isBefore(deadline);
            sleep(100);
        }
    }

    @Test
    void seatsBeyond32BitsCountWhole() {
        Map<String, Object> body = Map.of("name", "Seats", "email_domain", "seats.com",
                "custom_fields", Map.of("seats", 4_294_967_297L));
        String customer = http().post("/v1/customers").token(ws.token()).json(body).send().json().path("id").asText();
        Map<String, Object> login = Map.of("type", "login", "customer_id", customer,
                "timestamp", clock.instant().minusSeconds(60).toString());
        http().post("/v1/events").token(ws.token()).json(Map.of("events", Collections.nCopies(20, login)))
                .send();

        JsonNode usage = awaitDimension(customer, "product_usage");
        assertThat(usage.path("signals").path("seats").asLong()).isEqualTo(4_294_967_297L);
        assertThat(usage.path("signals").path("seat_score").asInt()).as("20 events for 4 294 967 297 seats").isZero();
        assertThat(usage.path("score").asInt()).as("the mean of trend 100 and seat score 0").isEqualTo(50);
    }

    /**
     * About 2^31 urgent tickets, overdue invoices or activity events of one day for a customer: its signals count on
     * past an int, where the update failed and health-signals parked the workspace's events, and it is scored.
     */
    @Test
    void countsPastAnIntAreCountedOnAndScored() {
        Duration ago = Duration.ofHours(1);
        calls.ingest(List.of(calls.event("login", ago, Map.of())));
        awaitProcessorsCaughtUp();
        long nearTheBound = Integer.MAX_VALUE - 9L;
        jdbc.update("UPDATE health_signal SET tickets_urgent = ?, invoices_overdue = ? WHERE customer_id = ?",
                nearTheBound, nearTheBound, acme);
        jdbc.update("UPDATE health_activity_day SET events = ? WHERE customer_id = ?", nearTheBound, acme);

        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(calls.event("login", ago, Map.of()));
            events.add(calls.event("support.ticket_opened", ago, Map.of("priority", "urgent")));
            events.add(calls.event("invoice.overdue", ago, Map.of()));
        }
        calls.ingest(events);
        awaitProcessorsCaughtUp();

        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?
                AND position(? IN convert_from(payload, 'UTF8')) > 0""", Long.class, RecalculateHealth.SIGNALS_GROUP,
                ws.id())).as("parked events of the workspace").isZero();
        long beyond = nearTheBound + 20;
        assertThat(jdbc.queryForMap("SELECT tickets_urgent, invoices_overdue FROM health_signal WHERE customer_id = ?",
                acme)).containsEntry("tickets_urgent", beyond).containsEntry("invoices_overdue", beyond);
        Map<String, JsonNode> dims = byKey(awaitHealth(h -> h.path("dimensions").size() == 3).path("dimensions"));
        assertThat(dims.get("product_usage").path("signals").path("events_last_30d").asLong()).isEqualTo(beyond);
        assertThat(dims.get("product_usage").path("score").asInt()).isEqualTo(100);
        assertThat(dims.get("support").path("signals").path("open_tickets").path("urgent").asLong()).isEqualTo(beyond);
        assertThat(dims.get("support").path("score").asInt()).isZero();
        assertThat(dims.get("financial").path("signals").path("overdue_invoices").asLong()).isEqualTo(beyond);
        assertThat(dims.get("financial").path("score").asInt()).isZero();
        JsonNode health = http().get("/v1/customers/" + acme + "/health").token(ws.token()).send().json();
        assertThat(health.path("score").asInt()).as("35 × 100 / (35 + 15 + 15)").isEqualTo(54);
        assertThat(health.path("status").asText()).isEqualTo("neutral");
    }

    private JsonNode awaitDimension(String customer, String key) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            JsonNode health = http().get("/v1/customers/" + customer + "/health").token(ws.token()).send().json();
            JsonNode dimension = byKey(health.path("dimensions")).get(key);
            if (dimension != null) {
                return dimension;
            }
            assertThat(Instant.now()).as("no " + key + " yet: " + health).isBefore(deadline);
            sleep(100);
        }
    }

    /** The sweep rescores a workspace's customers 100 per command: 130 customers take two, each scored once. */
    @Test
    void manyCustomersMarkedTogetherAreEachScoredOnce() {
        List<String> ids = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            String id = http().post("/v1/customers").token(ws.token())
                    .json(Map.of("name", "Customer " + i, "email_domain", "c" + i + ".example")).send().json()
                    .path("id").asText();
            ids.add(id);
            Map<String, Object> nps = calls.event("nps.response", Duration.ofHours(1), Map.of("score", i % 11));
            nps.put("customer_id", id);
            events.add(nps);
        }
        calls.ingest(events);

        String[] customers = ids.toArray(String[]::new);
        await("every customer scored").atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM health_current WHERE customer_id = ANY(?) AND score IS NOT NULL", Integer.class,
                (Object) customers) == 130);
        awaitProcessorsCaughtUp(); // then nothing is left to mark them again
        assertThat(jdbc.queryForObject("SELECT count(*) FROM health_current WHERE customer_id = ANY(?) AND calculation = 1",
                Integer.class, (Object) customers)).isEqualTo(130);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM health_signal WHERE customer_id = ANY(?) AND dirty",
                Integer.class, (Object) customers)).isZero();
        acme = ids.get(129);
        JsonNode last = awaitHealth(h -> h.path("score").isInt());
        assertThat(byKey(last.path("dimensions")).get("nps").path("signals").path("latest_nps").asInt()).isEqualTo(129 % 11);
    }

    /**
     * The sweep never waits for the policy: a customer whose signals row another transaction holds (the policy
     * marking it again) keeps its mark, and the rescoring goes on without it.
     */
    @Test
    void clearingTheMarksSkipsACustomerBeingMarkedAgain() throws Exception {
        calls.ingestTheExample();
        awaitHealth(h -> h.path("score").isInt());
        long seq = jdbc.queryForObject("SELECT dirty_seq FROM health_signal WHERE customer_id = ?", Long.class, acme);
        try (Connection policy = dataSource.getConnection()) {
            policy.setAutoCommit(false);
            try (PreparedStatement mark = policy.prepareStatement(
                    "UPDATE health_signal SET dirty = TRUE, dirty_seq = dirty_seq + 1 WHERE customer_id = ?")) {
                mark.setString(1, acme);
                mark.executeUpdate();
            }
            // on another thread: the command bus runs the handler on the caller's, which must not wait on itself
            CompletableFuture<Object> rescore = CompletableFuture.supplyAsync(() -> commandGateway.sendAndWait(
                    new RescoreMarkedCustomers(ws.id(), List.of(new RescoreMarkedCustomers.Mark(acme, seq, "events", null)))));
            try {
                rescore.get(10, TimeUnit.SECONDS);
            } finally {
                policy.commit();
            }
        }
        assertThat(jdbc.queryForObject("SELECT dirty_seq FROM health_signal WHERE customer_id = ?", Long.class, acme))
                .isEqualTo(seq + 1);
        Instant deadline = Instant.now().plusSeconds(10);
        while (jdbc.queryForObject("SELECT dirty FROM health_signal WHERE customer_id = ?", Boolean.class, acme)) {
            assertThat(Instant.now()).as("the next sweep clears the new mark").isBefore(deadline);
            sleep(100);
        }
    }

    @Test
    void aCompletedTaskIsAnEngagementTouchpoint() {
        Response task = http().post("/v1/tasks").token(ws.token())
                .json(Map.of("title", "Quarterly review", "customer_id", acme)).send();
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        Response completed = http().post("/v1/tasks/" + task.json().path("id").asText() + "/complete").token(ws.token())
                .json(Map.of("outcome", "done")).send();
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);

        JsonNode health = awaitHealth(h -> h.path("score").isInt());
        Map<String, JsonNode> dims = byKey(health.path("dimensions"));
        assertThat(dims.keySet()).as("the only dimension with data").containsExactly("engagement");
        assertThat(dims.get("engagement").path("score").asInt()).isEqualTo(100);
        assertThat(dims.get("engagement").path("signals").path("days_since_last_touchpoint").asInt()).isZero();
        assertThat(health.path("score").asInt()).isEqualTo(100);
    }

    /** API.md section 4 and the seed: a recalculation is "useful after importing events in batch". */
    @Test
    void aRecalculationCountsTheEventsAcceptedBeforeIt() {
        // the signals get the batch only while the recalculation is under way
        Response response = recalculatedAfterAnNpsOf3WithStopped(RecalculateHealth.SIGNALS_GROUP);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("score").asInt()).as(response.toString()).isEqualTo(30);
        assertThat(response.json().path("dimensions").get(0).path("signals").path("latest_nps").asInt()).isEqualTo(3);
    }

    /** "Recalculate, then ask why": the answer waits for the change to be explained, by another read model. */
    @Test
    void aRecalculationAnswersOnceTheChangeItMadeIsExplained() {
        Response response = recalculatedAfterAnNpsOf3WithStopped(RecalculateHealth.CHANGES_GROUP);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Response changes = http().get("/v1/customers/" + acme + "/health/changes").token(ws.token()).send();
        assertThat(changes.json().path("data").get(0).path("score").asInt()).as(changes.toString()).isEqualTo(30);
    }

    /** The answer to a recalculation sent after an NPS of 3, with {@code group} stopped until 500 ms into it. */
    private Response recalculatedAfterAnNpsOf3WithStopped(String group) {
        StreamingEventProcessor processor = processing.eventProcessor(group, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        CompletableFuture<Void> restart = CompletableFuture.completedFuture(null);
        try {
            calls.ingest(List.of(calls.event("nps.response", Duration.ofMinutes(1), Map.of("score", 3))));
            restart = CompletableFuture.runAsync(() -> {
                sleep(500);
                processor.start();
            });
            return http().post("/v1/customers/" + acme + "/health/recalculate").token(ws.token()).send();
        } finally {
            restart.join();
            if (!processor.isRunning()) {
                processor.start();
            }
        }
    }

    @Test
    void recalculationOnDemandAnswersTheNewHealth() {
        calls.ingest(List.of(calls.event("nps.response", Duration.ofMinutes(1), Map.of("score", 3))));
        // the health policy folds the events into the signals asynchronously (docs/health-model.md)
        awaitHealth(h -> h.path("score").isInt());
        Response response = http().post("/v1/customers/" + acme + "/health/recalculate").token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        // only nps has data: its weight is renormalised to 100 %
        assertThat(response.json().path("score").asInt()).isEqualTo(30);
        assertThat(response.json().path("status").asText()).isEqualTo("at_risk");
        assertThat(response.json().path("dimensions").get(0).path("weight").asDouble()).isEqualTo(100.0);

        assertThat(http().post("/v1/customers/cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ/health/recalculate").token(ws.token())
                .send().status()).isEqualTo(404);
        Workspace other = newWorkspace();
        assertThat(http().post("/v1/customers/" + acme + "/health/recalculate").token(other.token()).send().status())
                .isEqualTo(404);
        assertThat(http().get("/v1/customers/" + acme + "/health").token(other.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers/" + acme + "/health/history").token(other.token()).send().status())
                .isEqualTo(404);
        assertThat(http().get("/v1/customers/" + acme + "/health").send().status()).isEqualTo(401);
        String viewer = key("viewer", List.of("health:read"));
        assertThat(http().post("/v1/customers/" + acme + "/health/recalculate").token(viewer).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/customers/" + acme + "/health").token(key("viewer", List.of("customers:read")))
                .send().status()).isEqualTo(403);
    }

    /** The recalculation reads no body: none, or {}; any other is refused as every endpoint refuses it. */
    @Test
    void aRecalculationTakesNoBodyOrAnEmptyObject() {
        String recalculate = "/v1/customers/" + acme + "/health/recalculate";
        Response xml = http().post(recalculate).token(ws.token()).rawBody("<a/>", "application/xml").send();
        Response unknown = http().post(recalculate).token(ws.token()).json("{\"foo\": 1}").send();
        Response notJson = http().post(recalculate).token(ws.token()).json("not json").send();

        assertThat(xml.status()).as(xml.toString()).isEqualTo(415);
        assertThat(xml.json().path("type").asText()).endsWith("/unsupported_media_type");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().path("errors").get(0).path("field").asText()).isEqualTo("foo");
        assertThat(unknown.json().path("errors").get(0).path("code").asText()).isEqualTo("unknown_field");
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
        assertThat(notJson.json().path("type").asText()).endsWith("/malformed_json");
        assertThat(http().post(recalculate).token(ws.token()).json("{}").send().status()).isEqualTo(200);
        // no bytes is no body, whatever the headers say (the document's body is JSON: a client's other type is
        // written by hand)
        assertThat(http().post(recalculate).token(ws.token()).header("Content-Type", "application/json").send()
                .status()).isEqualTo(200);
        RawHttp.Response plain = RawHttp.send(port, "POST " + recalculate + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + ws.token() + "\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    }

    /**
     * A null score where none was published is no change (docs/customers.md "Health in a customer"): a customer that
     * has never had data keeps an all-null health, and its history and health changes show no score.
     */
    @Test
    void aCustomerThatHasNeverHadDataHasNoScoreEvenRecalculated() {
        awaitProcessorsCaughtUp();
        Response recalculated = http().post("/v1/customers/" + acme + "/health/recalculate").token(ws.token()).send();
        assertThat(recalculated.status()).as(recalculated.toString()).isEqualTo(200);
        JsonNode detail = http().get("/v1/customers/" + acme).token(ws.token()).send().json().path("health");
        for (JsonNode health : List.of(recalculated.json(), detail)) {
            for (String member : List.of("score", "status", "calculated_at", "model_version")) {
                assertThat(health.path(member).isNull()).as(member + " of " + health).isTrue();
            }
            assertThat(health.path("dimensions")).isEmpty();
        }
        awaitProcessorsCaughtUp();
        String customer = "/v1/customers/" + acme;
        assertThat(http().get(customer + "/health/changes").token(ws.token()).send().json().path("data")).isEmpty();
        assertThat(http().get(customer + "/health/history").token(ws.token()).send().json().path("data")).isEmpty();
        assertThat(http().get(customer + "/history?type=customer.health_changed").token(ws.token()).send().json()
                .path("data")).isEmpty();
    }

    @Test
    void aModelChangeBumpsTheVersionAndRescoresEveryCustomer() {
        JsonNode model = http().get("/v1/health/model").token(ws.token()).send().json();
        assertThat(model.path("version").asInt()).isEqualTo(1);
        assertThat(model.path("thresholds").path("healthy").asInt()).isEqualTo(70);
        assertThat(model.path("thresholds").path("at_risk").asInt()).isEqualTo(40);
        assertThat(model.path("dimensions")).hasSize(5);
        String ingestion = calls.ingestTheExample();
        awaitHealth(h -> h.path("score").asInt() == 84);

        Response changed = http().patch("/v1/health/model").token(ws.token()).header("If-Match", "\"1\"")
                .json(Map.of("dimensions", List.of(
                        Map.of("key", "nps", "enabled", false), Map.of("key", "financial", "enabled", false),
                        Map.of("key", "product_usage", "weight", 50), Map.of("key", "engagement", "weight", 30),
                        Map.of("key", "support", "weight", 20)),
                        "thresholds", Map.of("healthy", 85))).send();

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
        assertThat(changed.json().path("version").asInt()).isEqualTo(2);
        assertThat(changed.json().path("thresholds").path("healthy").asInt()).isEqualTo(85);
        assertThat(http().get("/v1/health/model").token(ws.token()).send().json().path("version").asInt()).isEqualTo(2);
        // 0.5 × 75 + 0.3 × 100 + 0.2 × 70 = 81.5, now below healthy
        JsonNode health = awaitHealth(h -> h.path("model_version").asInt() == 2);
        assertThat(health.path("score").asInt()).isEqualTo(82);
        assertThat(health.path("status").asText()).isEqualTo("neutral");
        assertThat(health.path("dimensions")).hasSize(3);
        assertThat(scoreTraces(2)).as("the rescoring is in the trace of the model's change")
                .containsExactly(ingestion, changed.header("X-Trace-Id"));

        assertProblem(http().patch("/v1/health/model").token(ws.token()).header("If-Match", "\"1\"")
                .json(Map.of("thresholds", Map.of("healthy", 80))).send(), 412, "version_mismatch");
    }

    /** API.md section 4 gives GET and PATCH one shape: the model read, changed and sent back, version included. */
    @Test
    void theModelAsReadChangedAndSentBackIsAPatchBasedOnItsVersion() {
        ObjectNode model = (ObjectNode) http().get("/v1/health/model").token(ws.token()).send().json();
        ((ObjectNode) model.path("thresholds")).put("healthy", 80);

        Response changed = http().patch("/v1/health/model").token(ws.token()).json(model).send();
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("version").asInt()).isEqualTo(2);
        assertThat(changed.json().path("thresholds").path("healthy").asInt()).isEqualTo(80);

        // the same body again is based on version 1, which is no longer the model's
        Response stale = http().patch("/v1/health/model").token(ws.token()).json(model).send();
        assertProblem(stale, 412, "version_mismatch");
        assertThat(stale.json().path("current_version").asInt()).isEqualTo(2);
        assertProblem(http().patch("/v1/health/model").token(ws.token()).header("If-Match", "\"2\"")
                .json(Map.of("version", 1)).send(), 412, "version_mismatch");
        assertProblem(http().patch("/v1/health/model").token(ws.token()).json(Map.of("version", "2")).send(), 400,
                "validation_error");
        assertThat(http().patch("/v1/health/model").token(ws.token()).header("If-Match", "\"2\"")
                .json(Map.of("version", 2, "thresholds", Map.of("at_risk", 30))).send().json().path("version").asInt())
                .isEqualTo(3);
    }

    @Test
    void aPatchThatChangesNothingKeepsTheDefaultModelsVersion() {
        Response same = patchModel(Map.of("thresholds", Map.of("healthy", 70)));
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
        assertThat(same.json().path("version").asInt()).isEqualTo(1);
        assertThat(patchModel(Map.of()).json().path("version").asInt()).isEqualTo(1);
        assertThat(http().get("/v1/health/model").token(ws.token()).send().json().path("version").asInt()).isEqualTo(1);
        assertThat(patchModel(Map.of("thresholds", Map.of("healthy", 75))).json().path("version").asInt()).isEqualTo(2);
    }

    /** A model change can leave a customer without an enabled dimension with data: a score of null, in every view. */
    @Test
    void aScoreWithoutDataIsNullInTheHistoryAndTheChanges() {
        calls.ingest(List.of(calls.event("support.ticket_opened", Duration.ofMinutes(1), Map.of("priority", "low"))));
        awaitHealth(h -> h.path("score").asInt() == 90);
        Response changed = patchModel(Map.of("dimensions", List.of(Map.of("key", "support", "enabled", false),
                Map.of("key", "product_usage", "weight", 50))));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        JsonNode nulled = awaitHealth(h -> h.path("model_version").asInt() == 2);
        // a score that became null is one: with its calculated_at, unlike a customer that never had data
        assertThat(nulled.path("score").isNull()).isTrue();
        assertThat(nulled.path("calculated_at").asText()).endsWith("Z");
        await("the customer's health").atMost(Duration.ofSeconds(20)).until(
                () -> http().get("/v1/customers/" + acme).token(ws.token()).send().json().path("health"),
                health -> health.path("calculated_at").asText().equals(nulled.path("calculated_at").asText()));

        String history = "/v1/customers/" + acme + "/health/history";
        JsonNode daily = http().get(history).token(ws.token()).send().json().path("data");
        assertThat(daily).hasSize(1);
        assertThat(daily.get(0).path("score").isNull()).isTrue();
        assertThat(daily.get(0).path("status").isNull()).isTrue();
        JsonNode weekly = http().get(history + "?granularity=weekly").token(ws.token()).send().json().path("data");
        assertThat(weekly.get(0).path("score").isNull()).isTrue();
        // the changes are a read model of their own (health-changes), which may show the rescoring a moment later
        JsonNode latest = await("the rescoring in the changes").atMost(Duration.ofSeconds(20)).until(
                () -> http().get("/v1/customers/" + acme + "/health/changes").token(ws.token()).send().json()
                        .path("data").get(0), change -> change.path("model_version").asInt() == 2);
        assertThat(latest.path("score").isNull()).isTrue();
        assertThat(latest.path("status").isNull()).isTrue();
        assertThat(latest.path("previous_score").asInt()).isEqualTo(90);
    }

    @Test
    void anInvalidModelIs400WithFieldErrors() {
        Response sum = patchModel(Map.of("dimensions", List.of(Map.of("key", "nps", "weight", 20))));
        assertThat(sum.status()).isEqualTo(400);
        assertThat(sum.json().path("errors").get(0).path("field").asText()).isEqualTo("dimensions");
        assertThat(sum.json().path("errors").get(0).path("code").asText()).isEqualTo("out_of_range");

        Response fields = patchModel(Map.of("dimensions", List.of(Map.of("key", "mood", "weight", 101)),
                "thresholds", Map.of("at_risk", 0)));
        assertThat(fields.status()).isEqualTo(400);
        List<String> errors = new ArrayList<>();
        fields.json().path("errors").forEach(e -> errors.add(e.path("field").asText() + ":" + e.path("code").asText()));
        assertThat(errors).containsExactlyInAnyOrder("dimensions[0].key:unknown_value", "dimensions[0].weight:out_of_range",
                "thresholds.at_risk:out_of_range");

        Response order = patchModel(Map.of("thresholds", Map.of("at_risk", 70)));
        assertThat(order.status()).isEqualTo(400);
        assertThat(order.json().path("errors").get(0).path("field").asText()).isEqualTo("thresholds.at_risk");
        // the merged-model checks name the value by its path in the body too
        Response healthyBelow = patchModel(Map.of("thresholds", Map.of("healthy", 40)));
        assertThat(healthyBelow.json().path("errors").get(0).path("field").asText()).isEqualTo("thresholds.healthy");
        Response zeroWeight = patchModel(Map.of("dimensions", List.of(Map.of("key", "product_usage", "weight", 50),
                Map.of("key", "nps", "weight", 0))));
        assertThat(zeroWeight.status()).isEqualTo(400);
        assertThat(zeroWeight.json().path("errors").get(0).path("field").asText()).isEqualTo("dimensions[1].weight");
        assertThat(zeroWeight.json().path("errors").get(0).path("code").asText()).isEqualTo("must_be_positive");
        assertThat(patchModel(Map.of("colour", "red")).status()).isEqualTo(400);
        assertThat(patchModel(Map.of("thresholds", Map.of("healthy", "high"))).status()).isEqualTo(400);
        assertThat(http().patch("/v1/health/model").token(ws.token()).rawBody("{}", "text/plain").send().status())
                .isEqualTo(415);
        assertThat(http().get("/v1/health/model").token(ws.token()).send().json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aNullInTheModelIs400NotNullableNamingIt() {
        Map<String, String> nullAt = new LinkedHashMap<>();
        nullAt.put("{\"thresholds\": {\"healthy\": null}}", "thresholds.healthy");
        nullAt.put("{\"thresholds\": null}", "thresholds");
        nullAt.put("{\"dimensions\": [{\"key\": \"nps\", \"enabled\": null}]}", "dimensions[0].enabled");
        nullAt.put("{\"dimensions\": [{\"key\": null, \"weight\": 20}]}", "dimensions[0].key");
        nullAt.put("{\"dimensions\": [null]}", "dimensions[0]");
        nullAt.put("{\"dimensions\": null}", "dimensions");
        nullAt.forEach((body, field) -> {
            Response refused = http().patch("/v1/health/model").token(ws.token()).rawBody(body, "application/json")
                    .send();
            assertThat(refused.status()).as(body).isEqualTo(400);
            List<String> errors = new ArrayList<>();
            refused.json().path("errors").forEach(e -> errors.add(e.path("field").asText() + ":"
                    + e.path("code").asText()));
            assertThat(errors).as(body).containsExactly(field + ":not_nullable");
        });
        assertThat(http().get("/v1/health/model").token(ws.token()).send().json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void onlyAnAdminWithHealthWriteChangesTheModel() {
        Map<String, Object> change = Map.of("thresholds", Map.of("healthy", 75));
        String manager = key("manager", List.of("health:read", "health:write"));
        assertThat(http().patch("/v1/health/model").token(manager).json(change).send().status()).isEqualTo(403);
        String adminWithoutScope = key("admin", List.of("health:read"));
        assertThat(http().patch("/v1/health/model").token(adminWithoutScope).json(change).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/health/model").token(adminWithoutScope).send().status()).isEqualTo(200);
        assertThat(http().get("/v1/health/model").token(key("viewer", List.of("customers:read"))).send().status())
                .isEqualTo(403);
        assertThat(http().get("/v1/health/model").send().status()).isEqualTo(401);
        String admin = key("admin", List.of("health:write"));
        assertThat(http().patch("/v1/health/model").token(admin).json(change).send().status()).isEqualTo(200);
        // another workspace keeps its own model
        assertThat(http().get("/v1/health/model").token(newWorkspace().token()).send().json().path("version").asInt())
                .isEqualTo(1);
    }

    @Test
    void theHistoryHasOnePointPerDayFromTheFirstScore() {
        LocalDate day0 = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        calls.ingestTheExample();
        awaitHealth(h -> h.path("score").asInt() == 84);

        clock.advance(Duration.ofDays(3));
        calls.ingest(List.of(calls.event("support.ticket_opened", Duration.ofMinutes(1), Map.of("priority", "urgent"))));
        // support: high + urgent = 8 → 20; 26.25 + 20 + 3 + 12 + 15 = 76.25
        JsonNode later = awaitHealth(h -> h.path("score").asInt() == 76);
        assertThat(later.path("trend").path("delta_7d").isNull()).isTrue();

        String path = "/v1/customers/" + acme + "/health/history?from=" + day0.minusDays(2) + "&to=" + day0.plusDays(5);
        JsonNode daily = http().get(path).token(ws.token()).send().json().path("data");
        List<String> points = new ArrayList<>();
        daily.forEach(p -> points.add(p.path("date").asText() + "=" + p.path("score").asInt() + "/" + p.path("status").asText()));
        assertThat(points).containsExactly(day0 + "=84/healthy", day0.plusDays(1) + "=84/healthy",
                day0.plusDays(2) + "=84/healthy", day0.plusDays(3) + "=76/healthy");

        // a time stands for its day (UTC): 23:30 at -02:00 is the next day
        String timed = "/v1/customers/" + acme + "/health/history?from=" + day0.minusDays(1) + "T12:00:00Z&to="
                + day0.plusDays(2) + "T23:30:00-02:00";
        assertThat(http().get(timed).token(ws.token()).send().json().path("data")).hasSize(4);
        JsonNode weekly = http().get(path + "&granularity=weekly").token(ws.token()).send().json().path("data");
        double total = 0;
        int days = 0;
        for (JsonNode week : weekly) {
            LocalDate monday = LocalDate.parse(week.path("date").asText());
            assertThat(monday.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
            assertThat(week.path("score").isNumber()).isTrue();
            long inWeek = points.stream().filter(p -> !LocalDate.parse(p.substring(0, 10)).isBefore(monday)
                    && LocalDate.parse(p.substring(0, 10)).isBefore(monday.plusDays(7))).count();
            total += week.path("score").asDouble() * inWeek;
            days += inWeek;
        }
        assertThat(days).isEqualTo(4);
        assertThat(total).isCloseTo(84 * 3 + 76, org.assertj.core.data.Offset.offset(0.2 * weekly.size()));

        JsonNode defaultRange = http().get("/v1/customers/" + acme + "/health/history").token(ws.token()).send().json();
        assertThat(defaultRange.path("data")).hasSize(4);
        assertThat(http().get("/v1/customers/" + acme + "/health/history?granularity=monthly").token(ws.token()).send()
                .status()).isEqualTo(400);
        assertThat(http().get("/v1/customers/" + acme + "/health/history?from=yesterday").token(ws.token()).send()
                .status()).isEqualTo(400);
        assertThat(http().get("/v1/customers/" + acme + "/health/history?from=2026-12-07T25:00:00Z").token(ws.token())
                .send().status()).isEqualTo(400);
        assertThat(http().get(path.replace("from=" + day0.minusDays(2), "from=" + day0.plusDays(9))).token(ws.token())
                .send().status()).isEqualTo(400);
    }

    private Response patchModel(Map<String, Object> body) {
        return http().patch("/v1/health/model").token(ws.token()).json(body).send();
    }

    private String key(String role, List<String> scopes) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", role);
        body.put("role", role);
        body.put("scopes", scopes);
        Response created = http().post("/v1/api-keys").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("secret").asText();
    }

    /** The health of acme in the first page of the workspace's list, unfiltered. */
    private JsonNode listedHealth() {
        JsonNode page = http().get("/v1/customers").token(ws.token()).send().json().path("data");
        for (JsonNode customer : page) {
            if (customer.path("id").asText().equals(acme)) {
                return customer.path("health");
            }
        }
        throw new AssertionError("acme is not in the list: " + page);
    }

    private void awaitList(String status, int count) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (http().get("/v1/customers?health_status=" + status).token(ws.token()).send().json().path("data").size() != count) {
            assertThat(Instant.now()).as("customer list by health_status").isBefore(deadline);
            sleep(100);
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode dimensions) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        dimensions.forEach(d -> byKey.put(d.path("key").asText(), d));
        return byKey;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
