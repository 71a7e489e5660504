package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an operator watches: one access line per request, and metrics that are the operator's and bounded. */
class ObservabilityApiTest extends ApiTest {

    @Test
    void everyRequestLogsOneAccessLineWithItsRouteStatusWorkspaceAndTraceId() {
        Workspace ws = newWorkspace();
        Logger access = (Logger) LoggerFactory.getLogger("com.lealup.http.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            Response missing = http().get("/v1/customers/cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P?q=secret-value")
                    .token(ws.token()).send();
            Response refused = http().get("/v1/customers").send();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(refused.status()).isEqualTo(401);
            // the line is written once the answer is, so the client may read the answer first
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.list.size() >= 2);
        } finally {
            access.detachAppender(lines);
        }
        List<ILoggingEvent> events = lines.list;
        assertThat(events).hasSize(2);
        ILoggingEvent first = events.get(0);
        assertThat(first.getFormattedMessage()).startsWith("GET /v1/customers/{id} 404 ")
                .endsWith("workspace=" + ws.id()).doesNotContain("secret-value").doesNotContain("cus_01JD3");
        assertThat(first.getMDCPropertyMap()).containsKey("trace_id");
        assertThat(first.getKeyValuePairs()).extracting(pair -> pair.key)
                .contains("http.method", "http.route", "http.status", "duration_ms", "workspace_id");
        assertThat(events.get(1).getFormattedMessage()).startsWith("GET - 401 ").endsWith("workspace=-");
    }

    /** docs/running.md "Logs": a method's name is the client's text, so neither the log nor the metrics hold it. */
    @Test
    void aMethodOfTheClientsMakingIsLoggedAsUnknownAndNo405IsAWarning() {
        Workspace ws = newWorkspace();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try {
            assertThat(http().call("ZQMARKER", "/v1/customers").token(ws.token()).send().status()).isEqualTo(405);
            assertThat(http().put("/v1/customers").token(ws.token()).json("{}").send().status()).isEqualTo(405);
            await().atMost(Duration.ofSeconds(10)).until(() -> accessLines(lines).size() >= 2);
        } finally {
            root.detachAppender(lines);
        }
        assertThat(accessLines(lines)).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("UNKNOWN - 405 ")).anyMatch(line -> line.startsWith("PUT - 405 "));
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains("ZQMARKER"));
        assertThat(lines.list).filteredOn(line -> line.getLoggerName().startsWith("org.springframework.web"))
                .as("a refusal is an answer, not a warning").isEmpty();
        assertThat(http().get("/actuator/prometheus").token(OPERATOR_TOKEN).send().rawBody()).doesNotContain("ZQMARKER");
    }

    private static List<ILoggingEvent> accessLines(ListAppender<ILoggingEvent> lines) {
        return List.copyOf(lines.list).stream().filter(line -> line.getLoggerName().equals("com.lealup.http.access"))
                .toList();
    }

    @Test
    void healthShowsEveryoneTheStatusesAndOnlyTheOperatorTheDetails() {
        Workspace ws = newWorkspace();
        for (Response publicHealth : List.of(http().get("/actuator/health").send(),
                http().get("/actuator/health").token(ws.token()).send(),
                http().get("/actuator/health").token("lk_not_a_key").send(),
                http().get("/actuator/health/readiness").send())) {
            assertThat(publicHealth.status()).as(publicHealth.toString()).isEqualTo(200);
            // (DEGRADED while a poison event another test sent is parked)
            assertThat(publicHealth.json().path("status").asText()).isIn("UP", "DEGRADED");
            assertThat(publicHealth.json().path("components").path("eventProcessors").path("status").asText())
                    .isIn("UP", "DEGRADED");
            assertThat(publicHealth.rawBody()).doesNotContain("details").doesNotContain("path");
        }
        Response operator = http().get("/actuator/health").token(OPERATOR_TOKEN).send();
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.json().at("/components/diskSpace/details/path").asText()).isNotEmpty();
        assertThat(operator.json().at("/components/eventProcessors/details/processors/customers/status").asText())
                .isEqualTo("running");
        assertThat(http().get("/actuator/health/readiness").token(OPERATOR_TOKEN).send().json()
                .at("/components/eventProcessors/details/processors").size()).isPositive();
    }

    @Test
    void metricsAreTheOperatorsBoundedAndCountWhatOperatorsWatch() {
        Workspace ws = newWorkspace();
        String body = "{\"events\": [{\"type\": \"login\", \"email_domain\": \"nobody.example\", \"timestamp\": \""
                + Instant.now() + "\"}, {\"type\": \"\"}]}";
        http().post("/v1/events").token(ws.token()).header("Idempotency-Key", "obs-1").json(body).send();
        http().post("/v1/events").token(ws.token()).header("Idempotency-Key", "obs-1").json(body).send();

        assertThat(http().get("/actuator/prometheus").send().status()).isEqualTo(401);
        assertThat(http().get("/actuator/prometheus").token(ws.token()).send().status()).isEqualTo(403);
        assertThat(http().get("/actuator/health").send().status()).isEqualTo(200);
        // no links page, for anyone (below /actuator/ the operator token is asked for first)
        assertThat(http().get("/actuator").send().status()).isEqualTo(404);
        assertThat(http().get("/actuator/").send().status()).isEqualTo(401);
        assertThat(http().get("/actuator").token(OPERATOR_TOKEN).send().status()).isEqualTo(404);
        assertThat(http().get("/actuator/").token(OPERATOR_TOKEN).send().status()).isEqualTo(404);
        Response metrics = http().get("/actuator/prometheus").token(OPERATOR_TOKEN).send();
        assertThat(metrics.status()).isEqualTo(200);
        String text = metrics.rawBody();

        assertThat(text).doesNotContain("payloadType=").doesNotContain("quantile=")
                .doesNotContain("http_server_requests_active");
        assertThat(text).containsPattern("(?m)^http_server_requests_seconds_bucket\\{[^}]*uri=\"/v1/events\"");
        // a processor's time per event as histogram buckets, at their fixed boundaries only (MetricsCardinality)
        assertThat(text).containsPattern("(?m)^eventProcessor_allTimer_seconds_bucket\\{[^}]*le=\"0\\.001\"");
        long processors = text.lines().filter(line -> line.startsWith("eventProcessor_allTimer_seconds_count{")).count();
        long processorBuckets = text.lines()
                .filter(line -> line.startsWith("eventProcessor_") && line.contains("_bucket{")).count();
        assertThat(processors).isPositive();
        // Axon's monitors, each meter registered once per component (AxonMeters): counted, timed and their latency
        assertThat(text).containsPattern("(?m)^eventProcessor_ingestedCounter_total\\{processorName=\"customers\"} [1-9]")
                .containsPattern("(?m)^eventProcessor_allTimer_seconds_count\\{processorName=\"customers\"} [1-9]")
                .containsPattern("(?m)^eventProcessor_latency_milliseconds\\{processorName=\"customers\"} ")
                .containsPattern("(?m)^commandBus_successCounter_total [1-9]");
        assertThat(processorBuckets).as("10 boundaries and +Inf per processor, of its allTimer only")
                .isEqualTo(processors * 11);
        assertThat(value(text, "lealup_idempotent_replays_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "lealup_events_rejected_total")).isGreaterThanOrEqualTo(1);
        assertThat(text).contains("lealup_events_ingested_total", "lealup_notifications_outbox_depth",
                "lealup_dead_letters");
        long series = text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).count();
        // 8-11 thousand were measured on a server running a few minutes, most of them payloadType and quantile series;
        // 767 on a packaged server after a customer, 6 event types and 60 requests (3,226 before, fresh)
        assertThat(series).as("series").isLessThan(6000);
    }

    private static double value(String prometheus, String name) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(prometheus);
        double sum = 0;
        while (line.find()) {
            sum += Double.parseDouble(line.group(2));
        }
        return sum;
    }
}
