package com.lealup.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code GET /v1/customers/{id}/health/changes} over real HTTP, on the server's clock ({@code TestClock}): a drop after
 * NPS and tickets, a rise after invoices are paid, a model change, the daily decay of engagement; in every entry the
 * contribution deltas add up to the change of the score.
 */
class HealthChangesApiTest extends ApiTest {

    @Autowired
    private JdbcTemplate jdbc;

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

    private Response get(String query) {
        return http().get("/v1/customers/" + acme + "/health/changes" + query).token(ws.token()).send();
    }

    /** The changes (all on one page) once {@code condition} holds; the read model follows the score asynchronously. */
    private JsonNode awaitChanges(Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            Response response = get("");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode data = response.json().path("data");
            if (condition.test(data)) {
                data.forEach(HealthChangesApiTest::assertDeltasAddUp);
                return data;
            }
            assertThat(Instant.now()).as("changes never became as expected: " + data).isBefore(deadline);
            sleep(100);
        }
    }

    private static void assertDeltasAddUp(JsonNode change) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode d : change.path("dimensions")) {
            sum = sum.add(d.path("contribution_delta").decimalValue());
        }
        int previous = change.path("previous_score").isNull() ? 0 : change.path("previous_score").asInt();
        assertThat(sum).as("contribution deltas of " + change).isEqualByComparingTo(
                BigDecimal.valueOf(change.path("score").asInt() - previous));
    }

    private static Map<String, JsonNode> byKey(JsonNode dimensions) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        dimensions.forEach(d -> byKey.put(d.path("key").asText(), d));
        return byKey;
    }

    private static List<String> signals(JsonNode change) {
        List<String> moved = new ArrayList<>();
        change.path("signals").forEach(s -> moved.add(s.path("dimension").asText() + "." + s.path("name").asText()
                + " " + s.path("from") + " -> " + s.path("to")));
        return moved;
    }

    /** The worked example of docs/health-model.md ("Reading a change"). */
    @Test
    void aDropAfterNpsAndTickets() {
        String exampleTrace = calls.ingestTheExample();
        JsonNode first = awaitChanges(data -> data.size() == 1).get(0);
        // the request that caused the score
        assertThat(first.path("trace_id").asText()).isEqualTo(exampleTrace);
        assertThat(first.path("score").asInt()).isEqualTo(84);
        assertThat(first.path("previous_score").isNull()).isTrue();
        assertThat(first.path("previous_status").isNull()).isTrue();
        assertThat(first.path("trigger").asText()).isEqualTo("events");
        assertThat(first.path("dimensions")).hasSize(5)
                .allSatisfy(d -> assertThat(d.path("previous_score").isNull()).isTrue());

        List<Map<String, Object>> events = new ArrayList<>();
        events.add(calls.event("nps.response", Duration.ofMinutes(5), Map.of("score", 2)));
        for (int i = 0; i < 3; i++) {
            events.add(calls.event("support.ticket_opened", Duration.ofMinutes(5), Map.of("priority", "high")));
        }
        String dropTrace = calls.ingest(events);

        JsonNode changes = awaitChanges(data -> data.size() == 2);
        JsonNode drop = changes.get(0);
        assertThat(drop.path("trace_id").asText()).isEqualTo(dropTrace);
        assertThat(changes.get(1)).isEqualTo(first);
        assertThat(drop.path("calculated_at").asText()).endsWith("Z");
        assertThat(drop.path("score").asInt()).isEqualTo(64);
        assertThat(drop.path("previous_score").asInt()).isEqualTo(84);
        assertThat(drop.path("status").asText()).isEqualTo("neutral");
        assertThat(drop.path("previous_status").asText()).isEqualTo("healthy");
        assertThat(drop.path("model_version").asInt()).isEqualTo(1);
        assertThat(drop.path("trigger").asText()).isEqualTo("events");
        Map<String, JsonNode> dims = byKey(drop.path("dimensions"));
        assertThat(dims.keySet()).containsExactly("product_usage", "engagement", "support", "nps", "financial");
        // support 70 → 0: 10.50 → 0.00, and the score's rounding (64.25 → 64): -11.00; nps 80 → 20: 12.00 → 3.00
        // as sent (the test's JSON reader would read 15.00 as 15.0)
        assertThat(get("?limit=1").rawBody()).contains("{\"key\":\"support\",\"score\":0,\"previous_score\":70,"
                + "\"weight\":15.00,\"previous_weight\":15.00,\"contribution\":0.00,\"previous_contribution\":10.50,"
                + "\"contribution_delta\":-11.00}");
        assertThat(dims.get("nps").path("contribution_delta").decimalValue()).isEqualByComparingTo("-9.00");
        assertThat(dims.get("product_usage").path("contribution_delta").decimalValue()).isEqualByComparingTo("0");
        assertThat(signals(drop)).containsExactly("support.open_tickets.high 1 -> 4", "support.weighted_load 3 -> 12",
                "nps.latest_nps 8 -> 2");

        // the entries are served as the query side stored them: exactly the members the document names
        JsonNode schemas = http().get("/v1/openapi.json").send().json().path("components").path("schemas");
        assertThat(names(drop)).isEqualTo(names(schemas.path("HealthChange").path("properties")));
        assertThat(names(drop.path("dimensions").get(0)))
                .isEqualTo(names(schemas.path("HealthChangeDimension").path("properties")));
        assertThat(names(drop.path("signals").get(0)))
                .isEqualTo(names(schemas.path("HealthChangeSignal").path("properties")));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aRiseAfterInvoicesArePaid() {
        calls.ingest(List.of(calls.event("invoice.overdue", Duration.ofDays(5), Map.of()),
                calls.event("invoice.overdue", Duration.ofDays(4), Map.of()),
                calls.event("nps.response", Duration.ofDays(3), Map.of("score", 8))));
        // financial 100 - 2 × 40 = 20, nps 80, half the weight each: 50
        awaitChanges(data -> data.size() == 1 && data.get(0).path("score").asInt() == 50);

        calls.ingest(List.of(calls.event("invoice.paid", Duration.ofHours(2), Map.of()),
                calls.event("invoice.paid", Duration.ofHours(1), Map.of())));

        JsonNode rise = awaitChanges(data -> data.size() == 2).get(0);
        assertThat(rise.path("score").asInt()).isEqualTo(90);
        assertThat(rise.path("previous_score").asInt()).isEqualTo(50);
        assertThat(rise.path("status").asText()).isEqualTo("healthy");
        assertThat(rise.path("previous_status").asText()).isEqualTo("neutral");
        assertThat(rise.path("trigger").asText()).isEqualTo("events");
        JsonNode financial = byKey(rise.path("dimensions")).get("financial");
        assertThat(financial.path("score").asInt()).isEqualTo(100);
        assertThat(financial.path("previous_score").asInt()).isEqualTo(20);
        assertThat(financial.path("weight").decimalValue()).isEqualByComparingTo("50");
        assertThat(financial.path("contribution").decimalValue()).isEqualByComparingTo("50");
        assertThat(financial.path("previous_contribution").decimalValue()).isEqualByComparingTo("10");
        assertThat(financial.path("contribution_delta").decimalValue()).isEqualByComparingTo("40");
        assertThat(byKey(rise.path("dimensions")).get("nps").path("contribution_delta").decimalValue())
                .isEqualByComparingTo("0");
        assertThat(signals(rise)).containsExactly("financial.overdue_invoices 2 -> 0");
    }

    @Test
    void aModelChangeShowsTheOldAndNewWeights() {
        calls.ingestTheExample();
        awaitChanges(data -> data.size() == 1);

        Response changed = http().patch("/v1/health/model").token(ws.token())
                .json(Map.of("dimensions", List.of(
                        Map.of("key", "nps", "enabled", false), Map.of("key", "financial", "enabled", false),
                        Map.of("key", "product_usage", "weight", 50), Map.of("key", "engagement", "weight", 30),
                        Map.of("key", "support", "weight", 20)))).send();
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        JsonNode change = awaitChanges(data -> data.size() == 2).get(0);
        // 0.5 × 75 + 0.3 × 100 + 0.2 × 70 = 81.5 → 82
        assertThat(change.path("score").asInt()).isEqualTo(82);
        assertThat(change.path("previous_score").asInt()).isEqualTo(84);
        assertThat(change.path("trigger").asText()).isEqualTo("model_change");
        assertThat(change.path("model_version").asInt()).isEqualTo(2);
        assertThat(change.path("previous_model_version").asInt()).isEqualTo(1);
        Map<String, JsonNode> dims = byKey(change.path("dimensions"));
        assertThat(dims.keySet()).containsExactly("product_usage", "engagement", "support", "nps", "financial");
        assertThat(dims.get("product_usage").path("weight").decimalValue()).isEqualByComparingTo("50");
        assertThat(dims.get("product_usage").path("previous_weight").decimalValue()).isEqualByComparingTo("35");
        assertThat(dims.get("support").path("weight").decimalValue()).isEqualByComparingTo("20");
        assertThat(dims.get("support").path("previous_weight").decimalValue()).isEqualByComparingTo("15");
        // nps and financial vanished: their whole contribution goes; the rounding (81.5 → 82) is product usage's
        assertThat(dims.get("nps").path("weight").isNull()).isTrue();
        assertThat(dims.get("nps").path("score").isNull()).isTrue();
        assertThat(dims.get("nps").path("previous_weight").decimalValue()).isEqualByComparingTo("15");
        assertThat(dims.get("nps").path("contribution_delta").decimalValue()).isEqualByComparingTo("-12");
        assertThat(dims.get("financial").path("contribution_delta").decimalValue()).isEqualByComparingTo("-15");
        assertThat(dims.get("product_usage").path("contribution_delta").decimalValue()).isEqualByComparingTo("11.50");
        assertThat(dims.get("engagement").path("contribution_delta").decimalValue()).isEqualByComparingTo("10");
        assertThat(dims.get("support").path("contribution_delta").decimalValue()).isEqualByComparingTo("3.50");
    }

    @Test
    void theDailyRunShowsTheDecayOfEngagement() {
        calls.ingest(List.of(calls.event("meeting.held", Duration.ofDays(3), Map.of()),
                calls.event("nps.response", Duration.ofDays(3), Map.of("score", 8))));
        // engagement 100 and nps 80 at 57.14 % and 42.86 %: 91.43 → 91
        awaitChanges(data -> data.size() == 1 && data.get(0).path("score").asInt() == 91);

        // the daily run is due on the first sweep of a day it has not run yet (one row for the whole server)
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<java.sql.Date> ran = jdbc.queryForList("SELECT last_day FROM health_daily_run", java.sql.Date.class);
        jdbc.update("INSERT INTO health_daily_run (id, last_day) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_day = ?",
                java.sql.Date.valueOf(today), java.sql.Date.valueOf(today));
        try {
            clock.advance(Duration.ofDays(10));
            JsonNode decay = awaitChanges(data -> data.size() == 2).get(0);

            // 13 days since the meeting: 100 × (67 - 13) / 60 = 90; 51.43 + 34.29 = 85.71 → 86
            assertThat(decay.path("trigger").asText()).isEqualTo("daily");
            assertThat(decay.path("score").asInt()).isEqualTo(86);
            assertThat(decay.path("previous_score").asInt()).isEqualTo(91);
            JsonNode engagement = byKey(decay.path("dimensions")).get("engagement");
            assertThat(engagement.path("score").asInt()).isEqualTo(90);
            assertThat(engagement.path("previous_score").asInt()).isEqualTo(100);
            assertThat(engagement.path("contribution").decimalValue()).isEqualByComparingTo("51.43");
            assertThat(engagement.path("previous_contribution").decimalValue()).isEqualByComparingTo("57.14");
            // -5.71, and the rounding of both scores (91.43 → 91, 85.71 → 86): -5.00
            assertThat(engagement.path("contribution_delta").decimalValue()).isEqualByComparingTo("-5");
            assertThat(signals(decay)).containsExactly("engagement.days_since_last_touchpoint 3 -> 13");
        } finally {
            clock.reset();
            if (!ran.isEmpty()) {
                jdbc.update("UPDATE health_daily_run SET last_day = ?", ran.get(0));
            }
        }
    }

    @Test
    void pagesNewestFirstWithinFromAndTo() {
        calls.ingest(List.of(calls.event("nps.response", Duration.ofMinutes(3), Map.of("score", 9))));
        awaitChanges(data -> data.size() == 1);
        calls.ingest(List.of(calls.event("nps.response", Duration.ofMinutes(2), Map.of("score", 5))));
        awaitChanges(data -> data.size() == 2);
        calls.ingest(List.of(calls.event("nps.response", Duration.ofMinutes(1), Map.of("score", 2))));
        JsonNode all = awaitChanges(data -> data.size() == 3);
        List<Integer> scores = new ArrayList<>();
        all.forEach(c -> scores.add(c.path("score").asInt()));
        assertThat(scores).containsExactly(20, 50, 90);

        List<JsonNode> walked = new ArrayList<>();
        String query = "?limit=2";
        while (true) {
            JsonNode page = get(query).json();
            page.path("data").forEach(walked::add);
            if (!page.path("has_more").asBoolean()) {
                assertThat(page.path("next_cursor").isNull()).isTrue();
                break;
            }
            assertThat(page.path("data")).hasSize(2);
            query = "?limit=2&cursor=" + page.path("next_cursor").asText();
        }
        assertThat(walked).containsExactlyElementsOf(all);

        String second = all.get(1).path("calculated_at").asText();
        String third = all.get(0).path("calculated_at").asText();
        assertThat(get("?from=" + second + "&to=" + third).json().path("data")).containsExactly(all.get(1));
        assertThat(get("?from=" + second).json().path("data")).containsExactly(all.get(0), all.get(1));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        assertThat(get("?to=" + today.minusDays(1)).json().path("data")).isEmpty();
        assertThat(get("?from=" + today + "&to=" + today).json().path("data")).hasSize(3);
    }

    /** Calculations are numbered per customer: a place in one customer's changes means nothing in another's. */
    @Test
    void aCursorPagesOnlyTheChangesOfItsCustomer() {
        int scored = 0;
        for (int score : List.of(9, 5, 2)) {
            calls.ingest(List.of(calls.event("nps.response", Duration.ofMinutes(score), Map.of("score", score))));
            int changes = ++scored;
            awaitChanges(data -> data.size() == changes);
        }
        String cursor = get("?limit=2").json().path("next_cursor").asText();
        Response other = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Other", "email_domain", "other.example")).send();
        assertThat(other.status()).as(other.toString()).isEqualTo(201);

        Response foreign = http().get("/v1/customers/" + other.json().path("id").asText() + "/health/changes?cursor="
                + cursor).token(ws.token()).send();
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
        assertThat(foreign.json().path("errors").get(0).path("field").asText()).isEqualTo("cursor");
        assertThat(foreign.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_cursor");
        assertThat(get("?limit=2&cursor=" + cursor).json().path("data")).hasSize(1);
    }

    @Test
    void aCustomerWithoutScoresHasNoChanges() {
        Response response = get("");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("data")).isEmpty();
        assertThat(response.json().path("has_more").asBoolean()).isFalse();
        assertThat(response.json().path("next_cursor").isNull()).isTrue();
    }

    @Test
    void authenticationScopeWorkspaceAndParameters() {
        String path = "/v1/customers/" + acme + "/health/changes";
        assertThat(http().get(path).send().status()).isEqualTo(401);
        assertThat(http().get(path).token(key(List.of("customers:read"))).send().status()).isEqualTo(403);
        assertThat(http().get(path).token(key(List.of("health:read"))).send().status()).isEqualTo(200);

        Response elsewhere = http().get(path).token(newWorkspace().token()).send();
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.json().path("detail").asText()).isEqualTo("Customer '" + acme + "' was not found");
        assertThat(http().get("/v1/customers/cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ/health/changes").token(ws.token()).send()
                .status()).isEqualTo(404);

        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("?limit=0", "limit:out_of_range");
        invalid.put("?limit=201", "limit:out_of_range");
        invalid.put("?limit=ten", "limit:invalid_value");
        invalid.put("?cursor=not-a-cursor", "cursor:invalid_cursor");
        invalid.put("?cursor=eyJpZCI6IngifQ", "cursor:invalid_cursor"); // {"id":"x"}: another list's
        invalid.put("?cursor=eyJjYWxjdWxhdGlvbiI6Ii0xIn0", "cursor:invalid_cursor"); // {"calculation":"-1"}
        invalid.put("?cursor=eyJjYWxjdWxhdGlvbiI6IjEifQ", "cursor:invalid_cursor"); // {"calculation":"1"}: no customer
        invalid.put("?from=yesterday", "from:invalid_format");
        invalid.put("?from=2026-02-30", "from:invalid_format");
        invalid.put("?to=2026-03-01T25:00:00Z", "to:invalid_format");
        invalid.put("?to=2026-03-01T08:00:00.Z", "to:invalid_format");
        invalid.put("?from=0000-01-01", "from:out_of_range");
        invalid.put("?to=%2B10000-01-01T00:00:00Z", "to:out_of_range");
        invalid.put("?from=2026-03-02&to=2026-03-01", "from:out_of_range");
        invalid.put("?from=2026-03-01T08:00:00Z&to=2026-03-01T08:00:00Z", "from:out_of_range");
        invalid.forEach((query, expected) -> {
            Response response = get(query);
            assertThat(response.status()).as(query + " " + response).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            JsonNode error = response.json().path("errors").get(0);
            assertThat(error.path("field").asText() + ":" + error.path("code").asText()).as(query).isEqualTo(expected);
        });
    }

    @Test
    void theOperationIsInTheOpenApiDocument() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        JsonNode operation = spec.path("paths").path("/v1/customers/{id}/health/changes").path("get");
        List<String> parameters = new ArrayList<>();
        operation.path("parameters").forEach(p -> parameters.add(p.path("name").asText()));
        assertThat(parameters).containsExactly("id", "from", "to", "limit", "cursor");
        assertThat(operation.path("tags").get(0).asText()).isEqualTo("Health");
        JsonNode change = spec.path("components").path("schemas").path("HealthChange").path("properties");
        assertThat(change.fieldNames()).toIterable().contains("calculated_at", "score", "previous_score", "status",
                "previous_status", "model_version", "trigger", "dimensions", "signals");
        assertThat(spec.path("components").path("schemas").path("HealthChangeDimension").path("properties")
                .fieldNames()).toIterable().contains("key", "score", "previous_score", "weight", "contribution",
                "contribution_delta");
    }

    private String key(List<String> scopes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "reader");
        body.put("role", "viewer");
        body.put("scopes", scopes);
        Response created = http().post("/v1/api-keys").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("secret").asText();
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
