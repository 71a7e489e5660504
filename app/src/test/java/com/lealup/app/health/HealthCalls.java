package com.lealup.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the health API tests do: a customer with ten seats in a fresh workspace, and the usage that scores it. */
final class HealthCalls {

    private final HttpClientSupport http;
    private final Workspace ws;
    private final Clock clock;
    private final String customer;

    HealthCalls(HttpClientSupport http, Workspace ws, Clock clock) {
        this.http = http;
        this.ws = ws;
        this.clock = clock;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Acme");
        body.put("email_domain", "acme.com");
        body.put("custom_fields", Map.of("seats", 10));
        this.customer = http.post("/v1/customers").token(ws.token()).json(body).send().json().path("id").asText();
    }

    Workspace workspace() {
        return ws;
    }

    String customer() {
        return customer;
    }

    /** A usage event of the customer, {@code ago} before the server's clock. */
    Map<String, Object> event(String type, Duration ago, Map<String, Object> properties) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("customer_id", customer);
        event.put("timestamp", clock.instant().minus(ago).toString());
        event.put("properties", properties);
        return event;
    }

    /** Ingests the events; answers the request's trace id. */
    String ingest(List<Map<String, Object>> events) {
        Response response = http.post("/v1/events").token(ws.token()).json(Map.of("events", events)).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).as(response.toString()).isEqualTo(events.size());
        return response.header("X-Trace-Id");
    }

    /**
     * The scenario of docs/health-model.md: 75, 100, 70, 80, 100 → 83.75 → 84 with the default model. Answers the
     * ingestion's trace id.
     */
    String ingestTheExample() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(event("login", Duration.ofDays(1), Map.of()));
        }
        for (int i = 0; i < 50; i++) {
            events.add(event("feature_used", Duration.ofDays(40), Map.of("feature", "reports")));
        }
        events.add(event("meeting.held", Duration.ofDays(3), Map.of()));
        events.add(event("nps.response", Duration.ofDays(2), Map.of("score", 8)));
        events.add(event("support.ticket_opened", Duration.ofDays(2), Map.of("priority", "high")));
        events.add(event("invoice.overdue", Duration.ofDays(20), Map.of()));
        events.add(event("invoice.paid", Duration.ofDays(10), Map.of()));
        return ingest(events);
    }
}
