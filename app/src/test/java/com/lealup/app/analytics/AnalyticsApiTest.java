package com.lealup.app.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics endpoints over HTTP on a small portfolio whose history the test clock spreads over a month M (the
 * next calendar month): day 1 A (active, 1000.10, at risk) and C (active, 2000) are created, B (trial, 500); day 11
 * C churns and B turns active with 600; day 21 A is deleted; on the 1st of M+1 A is restored and C is active again.
 */
class AnalyticsApiTest extends ApiTest {

    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void portfolioRenewalsAndCohortsFromTheHistory() throws InterruptedException {
        Workspace ws = newWorkspace();
        LocalDate day1 = moveTo(YearMonth.now(clock).plusMonths(1).atDay(1));
        YearMonth m = YearMonth.from(day1);
        String a = create(ws, "A", "active", "1000.1", m.plusMonths(2).atDay(15), "commit");
        String b = create(ws, "B", "trial", "500", null, null);
        String c = create(ws, "C", "active", "2000", m.plusMonths(3).atDay(15), "best_case");
        atRisk(ws, a);

        LocalDate day11 = moveTo(day1.plusDays(10));
        patch(ws, c, Map.of("status", "churned"));
        patch(ws, b, Map.of("status", "active", "arr", 600));
        LocalDate day21 = moveTo(day1.plusDays(20));
        assertThat(http().delete("/v1/customers/" + a).token(ws.token()).send().status()).isEqualTo(204);
        moveTo(m.plusMonths(1).atDay(1));
        assertThat(http().post("/v1/customers/" + a + "/restore").token(ws.token()).send().status()).isEqualTo(200);
        patch(ws, c, Map.of("status", "active"));

        // read-your-writes: the very next read shows every write, though the projections linger behind them
        JsonNode now = get(ws, "/v1/analytics/portfolio");
        assertThat(now.path("as_of").isNull()).isTrue();
        assertThat(now.path("customer_count").asInt()).isEqualTo(3);
        assertThat(tally(now.path("by_status").path("active"))).isEqualTo("3 3600.1");
        assertThat(amount(now.path("total_arr"))).isEqualTo("3600.1");
        assertThat(tally(now.path("health_distribution").path("at_risk"))).isEqualTo("1 1000.1");
        assertThat(tally(now.path("health_distribution").path("unknown"))).isEqualTo("2 2600");
        assertThat(now.path("top_risks")).hasSize(1);
        assertThat(now.path("top_risks").get(0).path("id").asText()).isEqualTo(a);
        assertThat(now.path("top_risks").get(0).path("name").asText()).isEqualTo("A");
        assertThat(now.path("top_risks").get(0).path("health_score").asInt()).isEqualTo(20);

        JsonNode onDay1 = portfolio(ws, day1);
        assertThat(onDay1.path("as_of").asText()).isEqualTo(day1.toString());
        assertThat(onDay1.path("customer_count").asInt()).isEqualTo(3);
        assertThat(amount(onDay1.path("total_arr"))).isEqualTo("3500.1");
        assertThat(tally(onDay1.path("by_status").path("active"))).isEqualTo("2 3000.1");
        assertThat(tally(onDay1.path("by_status").path("trial"))).isEqualTo("1 500");
        assertThat(onDay1.path("top_risks").get(0).path("arr").decimalValue()).isEqualByComparingTo("1000.1");

        JsonNode onDay11 = portfolio(ws, day11);
        assertThat(onDay11.path("customer_count").asInt()).isEqualTo(3);
        assertThat(amount(onDay11.path("total_arr"))).as("churned C left out").isEqualTo("1600.1");
        assertThat(tally(onDay11.path("by_status").path("churned"))).isEqualTo("1 2000");
        assertThat(tally(onDay11.path("health_distribution").path("unknown"))).isEqualTo("1 600");

        JsonNode onDay21 = portfolio(ws, day21);
        assertThat(onDay21.path("customer_count").asInt()).as("A deleted").isEqualTo(2);
        assertThat(amount(onDay21.path("total_arr"))).isEqualTo("600");
        assertThat(onDay21.path("top_risks")).isEmpty();
        assertThat(portfolio(ws, day1.minusDays(1)).path("customer_count").asInt()).isZero();

        // renewals: A in M+2 (commit), C in M+3 (best_case); B has no date
        String renewals = "/v1/analytics/renewals?from=" + m.plusMonths(2).atDay(1) + "&to=" + m.plusMonths(3).atEndOfMonth();
        JsonNode pipeline = get(ws, renewals);
        assertThat(pipeline.path("data")).hasSize(2);
        assertThat(pipeline.path("data").get(0).path("month").asText()).isEqualTo(m.plusMonths(2).toString());
        assertThat(tally(pipeline.path("data").get(0).path("by_forecast_category").path("commit"))).isEqualTo("1 1000.1");
        assertThat(tally(pipeline.path("data").get(1).path("by_forecast_category").path("best_case"))).isEqualTo("1 2000");
        JsonNode commitOnly = get(ws, renewals + "&forecast_category=commit");
        assertThat(commitOnly.path("data").get(1).path("count").asInt()).isZero();
        JsonNode byDefault = get(ws, "/v1/analytics/renewals");
        assertThat(byDefault.path("data")).as("the next 12 months").hasSize(12);
        assertThat(byDefault.path("data").get(1).path("arr").decimalValue()).isEqualByComparingTo("1000.1");

        // cohorts: A, C and B all first active in M (starting ARR 3600.10)
        JsonNode months = get(ws, "/v1/analytics/cohorts");
        assertThat(months.path("data")).hasSize(1);
        JsonNode cohort = months.path("data").get(0);
        assertThat(cohort.path("periods")).hasSize(2);
        assertThat(months.path("cohort_period").asText()).isEqualTo("month");
        assertThat(cohort.path("cohort").asText()).isEqualTo(m.toString());
        assertThat(cohort.path("size").asInt()).isEqualTo(3);
        assertThat(amount(cohort.path("starting_arr"))).isEqualTo("3600.1");
        assertThat(period(cohort.path("periods").get(0))).as("end of M: only B").isEqualTo("0 1 0.3333 600 0.1667");
        assertThat(period(cohort.path("periods").get(1))).isEqualTo("1 3 1 3600.1 1");

        JsonNode asOfDay11 = get(ws, "/v1/analytics/cohorts?as_of=" + day11);
        assertThat(period(asOfDay11.path("data").get(0).path("periods").get(0))).isEqualTo("0 2 0.6667 1600.1 0.4445");

        JsonNode quarters = get(ws, "/v1/analytics/cohorts?cohort_period=quarter&months_out=36");
        JsonNode q = quarters.path("data").get(0);
        assertThat(q.path("cohort").asText()).isEqualTo(m.getYear() + "-Q" + ((m.getMonthValue() - 1) / 3 + 1));
        String lastPeriod = period(q.path("periods").get(q.path("periods").size() - 1));
        assertThat(lastPeriod).endsWith(" 3 1 3600.1 1");
        if (m.getMonthValue() % 3 == 0) {
            // M ends its quarter: offset 0 is measured at the end of M
            assertThat(period(q.path("periods").get(0))).isEqualTo("0 1 0.3333 600 0.1667");
        }

        // another workspace sees none of it
        Workspace other = newWorkspace();
        assertThat(get(other, "/v1/analytics/portfolio").path("customer_count").asInt()).isZero();
        assertThat(get(other, "/v1/analytics/cohorts").path("data")).isEmpty();
        assertThat(get(other, renewals).path("data").get(0).path("count").asInt()).isZero();
    }

    /** What the document allows to be null is: an erased risk's name, the NRR of a cohort that started at 0. */
    @Test
    void anErasedRiskHasNoNameAndACohortWithoutArrNoNetRetention() throws InterruptedException {
        Workspace ws = newWorkspace();
        LocalDate day1 = moveTo(YearMonth.now(clock).plusMonths(1).atDay(1));
        String a = create(ws, "A", "active", "1000", null, null);
        create(ws, "Free", "active", "0", null, null);
        atRisk(ws, a);
        assertThat(get(ws, "/v1/analytics/portfolio").path("top_risks")).hasSize(1);
        moveTo(day1.plusDays(1));
        assertThat(http().delete("/v1/customers/" + a + "?hard=true").token(ws.token()).send().status()).isEqualTo(204);

        JsonNode risks = portfolio(ws, day1).path("top_risks");
        assertThat(risks).hasSize(1);
        JsonNode risk = risks.get(0);
        assertThat(risk.path("name").isNull()).isTrue();
        assertThat(risk.path("id").asText()).isEqualTo(a);
        assertThat(risk.path("arr").decimalValue()).isEqualByComparingTo("1000");

        JsonNode cohorts = get(ws, "/v1/analytics/cohorts").path("data");
        assertThat(cohorts).hasSize(1);
        JsonNode cohort = cohorts.get(0);
        assertThat(amount(cohort.path("starting_arr"))).isEqualTo("1000");
        assertThat(period(cohort.path("periods").get(0))).as("A erased: Free alone").isEqualTo("0 1 0.5 0 0");
        Workspace free = newWorkspace();
        create(free, "Free", "active", "0", null, null);
        JsonNode zero = get(free, "/v1/analytics/cohorts").path("data").get(0);
        assertThat(zero.path("periods").get(0).path("net_arr_retention").isNull()).isTrue();
    }

    /** The default end of the renewals (12 months on) stops at the last date the API has, 9999-12-31. */
    @Test
    void theRenewalsEndAtTheLastDate() {
        JsonNode late = get(newWorkspace(), "/v1/analytics/renewals?from=9999-06-01");
        assertThat(late.path("to").asText()).isEqualTo("9999-12-31");
        assertThat(late.path("data")).hasSize(7);
    }

    /** from alone sets the twelve months that follow it; to alone before today names the from taken as today. */
    @Test
    void aBoundLeftOutOfTheRenewalsFollowsTheOneSent() {
        Workspace ws = newWorkspace();
        JsonNode from = get(ws, "/v1/analytics/renewals?from=2028-01-01");
        assertThat(from.path("to").asText()).isEqualTo("2028-12-31");
        assertThat(from.path("data")).hasSize(12);

        LocalDate yesterday = LocalDate.now(clock).minusDays(1);
        Response toAlone = http().get("/v1/analytics/renewals?to=" + yesterday).token(ws.token()).send();
        assertThat(toAlone.status()).isEqualTo(400);
        assertThat(toAlone.json().path("errors").get(0).path("field").asText()).isEqualTo("from");
        assertThat(toAlone.json().path("detail").asText()).contains("today, " + LocalDate.now(clock));
    }

    /**
     * A workspace's sums of ARR are not bounded by one customer's: 1,001 customers near the largest ARR (below 10^15;
     * the contract's validator in the tests reads numbers as doubles, so not 999999999999999.99) sum past 10^18,
     * which overflowed the sums' columns and parked the 1,001st in the three projections.
     */
    @Test
    void sumsOfManyCustomersNearTheLargestArr() throws InterruptedException {
        Workspace ws = newWorkspace();
        String largest = "999999999999999.9";
        List<Map<String, Object>> rows = IntStream.range(0, 1000)
                .mapToObj(i -> Map.<String, Object>of("name", "C" + i, "email_domain", "c" + i + ".example",
                        "arr", new BigDecimal(largest), "renewal_date", "9999-12-31", "forecast_category", "commit"))
                .toList();
        Response imported = http().post("/v1/customers/bulk-import").token(ws.token()).json(Map.of("customers", rows))
                .send();
        assertThat(imported.status()).as(imported.toString()).isEqualTo(202);
        await(ws, "/v1/analytics/portfolio", p -> p.path("customer_count").asInt() == 1000);
        create(ws, "Last", "active", largest, LocalDate.parse("9999-12-31"), "commit");

        String sum = new BigDecimal(largest).multiply(BigDecimal.valueOf(1001)).toPlainString();
        JsonNode portfolio = exactly(ws, "/v1/analytics/portfolio");
        assertThat(amount(portfolio.path("total_arr"))).isEqualTo(sum);
        assertThat(tally(portfolio.path("by_status").path("active"))).isEqualTo("1001 " + sum);
        JsonNode renewals = exactly(ws, "/v1/analytics/renewals?from=9999-12-01");
        assertThat(tally(renewals.path("data").get(0).path("by_forecast_category").path("commit")))
                .isEqualTo("1001 " + sum);
        JsonNode cohort = exactly(ws, "/v1/analytics/cohorts").path("data").get(0);
        assertThat(amount(cohort.path("starting_arr"))).isEqualTo(sum);
        assertThat(period(cohort.path("periods").get(0))).isEqualTo("0 1001 1 " + sum + " 1");
    }

    @Test
    void tokensAndScopes() {
        for (String path : List.of("/v1/analytics/portfolio", "/v1/analytics/renewals", "/v1/analytics/cohorts")) {
            assertThat(http().get(path).send().status()).isEqualTo(401);
        }
        Workspace ws = newWorkspace();
        String customersOnly = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "No analytics", "role", "viewer", "scopes", List.of("customers:read")))
                .send().json().path("secret").asText();
        for (String path : List.of("/v1/analytics/portfolio", "/v1/analytics/renewals", "/v1/analytics/cohorts")) {
            assertThat(http().get(path).token(customersOnly).send().status()).isEqualTo(403);
        }
        String viewer = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "Analyst", "role", "viewer", "scopes", List.of("analytics:read")))
                .send().json().path("secret").asText();
        assertThat(http().get("/v1/analytics/portfolio").token(viewer).send().status()).isEqualTo(200);
    }

    @Test
    void badParametersAre400NamingThem() {
        Workspace ws = newWorkspace();
        String tomorrow = LocalDate.now(clock).plusDays(1).toString();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("/v1/analytics/portfolio?as_of=2026-13-01", "as_of"),
                Map.entry("/v1/analytics/portfolio?as_of=20260101", "as_of"),
                Map.entry("/v1/analytics/portfolio?as_of=0000-01-01", "as_of"),
                Map.entry("/v1/analytics/portfolio?as_of=" + tomorrow, "as_of"),
                Map.entry("/v1/analytics/renewals?from=2027-02-01&to=2027-01-01", "from"),
                Map.entry("/v1/analytics/renewals?from=yesterday", "from"),
                Map.entry("/v1/analytics/renewals?to=2027-02-30", "to"),
                Map.entry("/v1/analytics/renewals?from=2027-01-01&to=2032-01-01", "to"),
                Map.entry("/v1/analytics/renewals?forecast_category=commit,maybe", "forecast_category"),
                Map.entry("/v1/analytics/cohorts?cohort_period=week", "cohort_period"),
                Map.entry("/v1/analytics/cohorts?months_out=37", "months_out"),
                Map.entry("/v1/analytics/cohorts?months_out=-1", "months_out"),
                Map.entry("/v1/analytics/cohorts?months_out=twelve", "months_out"),
                Map.entry("/v1/analytics/cohorts?as_of=2026-02-29", "as_of"));
        cases.forEach((path, field) -> {
            Response response = http().get(path).token(ws.token()).send();
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("errors").get(0).path("field").asText()).as(path).isEqualTo(field);
        });
    }

    /** Moves the server's clock to 08:00 UTC of {@code day} (forward only). */
    private LocalDate moveTo(LocalDate day) {
        Instant target = day.atTime(8, 0).toInstant(ZoneOffset.UTC);
        clock.advance(Duration.between(clock.instant(), target));
        return day;
    }

    private String create(Workspace ws, String name, String status, String arr, LocalDate renewal, String forecast) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "email_domain",
                name.toLowerCase() + ".example", "status", status, "arr", new BigDecimal(arr)));
        if (renewal != null) {
            body.put("renewal_date", renewal.toString());
            body.put("forecast_category", forecast);
        }
        Response created = http().post("/v1/customers").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private void patch(Workspace ws, String customer, Map<String, Object> changes) {
        Response patched = http().patch("/v1/customers/" + customer).token(ws.token()).json(changes).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    }

    /** An NPS of 2 scores the customer 20: at risk. */
    private void atRisk(Workspace ws, String customer) throws InterruptedException {
        Map<String, Object> nps = Map.of("type", "nps.response", "customer_id", customer,
                "timestamp", clock.instant().toString(), "properties", Map.of("score", 2));
        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(nps))).send().status())
                .isEqualTo(202);
        Instant deadline = Instant.now().plusSeconds(20);
        while (http().post("/v1/customers/" + customer + "/health/recalculate").token(ws.token()).send().json()
                .path("score").asInt() != 20) {
            assertThat(Instant.now()).as("scored from the NPS").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private JsonNode portfolio(Workspace ws, LocalDate asOf) {
        return get(ws, "/v1/analytics/portfolio?as_of=" + asOf);
    }

    private JsonNode get(Workspace ws, String path) {
        Response response = http().get(path).token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** The answer with its numbers as written (the tests' JSON reads decimals as doubles: 17 digits at most). */
    private JsonNode exactly(Workspace ws, String path) {
        Response response = http().get(path).token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        try {
            return EXACT.readTree(response.rawBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** An import's job runs after its 202: read until {@code done}. */
    private JsonNode await(Workspace ws, String path, Predicate<JsonNode> done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode body = get(ws, path);
        while (!done.test(body)) {
            assertThat(Instant.now()).as(path + " caught up: " + body).isBefore(deadline);
            Thread.sleep(50);
            body = get(ws, path);
        }
        return body;
    }

    private static String amount(JsonNode value) {
        return value.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String tally(JsonNode tally) {
        return tally.path("count").asInt() + " " + amount(tally.path("arr"));
    }

    private static String period(JsonNode p) {
        return p.path("offset").asInt() + " " + p.path("customers").asInt() + " " + amount(p.path("logo_retention"))
                + " " + amount(p.path("arr")) + " " + amount(p.path("net_arr_retention"));
    }
}
