package com.lealup.app.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.automation.customer.TrashPurgePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The 30-day trash, driven by the server's clock; its purge is the GDPR erasure (GdprErasureApiTest). */
class TrashPurgeApiTest extends ApiTest {

    @Autowired
    private TrashPurgePolicy trashPurge;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void aCustomerThirtyDaysInTheTrashIsPurgedForGood() {
        Workspace ws = newWorkspace();
        String kept = create(ws, "kept.com");
        String purged = create(ws, "purged.com");
        assertThat(ingestOneEvent(ws, kept, "kept-1")).isEqualTo(1);
        assertThat(ingestOneEvent(ws, purged, "purged-1")).isEqualTo(1);
        assertThat(http().delete("/v1/customers/" + purged).token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp(); // the purge policy schedules from the events

        clock.advance(Duration.ofDays(29));
        trashPurge.sweep();
        assertThat(http().post("/v1/customers/" + purged + "/restore").token(ws.token()).send().status()).isEqualTo(200);
        assertThat(http().delete("/v1/customers/" + purged).token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp();

        clock.advance(Duration.ofDays(30));
        assertThat(trashPurge.sweep()).isGreaterThanOrEqualTo(1);

        assertThat(http().post("/v1/customers/" + purged + "/restore").token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers/" + kept).token(ws.token()).send().status()).isEqualTo(200);
        awaitProcessorsCaughtUp();
        assertThat(http().get("/v1/customers/trash").token(ws.token()).send().json().path("data")).isEmpty();
        assertThat(usageEvents(ws, purged)).as("its usage log is erased with it").isZero();
        assertThat(usageEvents(ws, kept)).isEqualTo(1);
        // so are the claims of its event ids: nothing the client sent about it is left, and the ids are free again
        assertThat(ingestOneEvent(ws, kept, "purged-1")).isEqualTo(1);
        assertThat(ingestOneEvent(ws, kept, "kept-1")).isZero();
        // the email domain is free again
        assertThat(create(ws, "purged.com")).isNotEqualTo(purged);
        // the purge is the GDPR erasure: the history keeps its shape, the data reads "[erased]"
        Response history = http().get("/v1/customers/" + purged + "/history").token(ws.token()).send();
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        JsonNode entries = history.json().path("data");
        assertThat(entries.get(0).path("changes").path("name").path("new").asText()).isEqualTo("[erased]");
        assertThat(entries.get(entries.size() - 1).path("type").asText()).isEqualTo("customer.erased");
        assertThat(history.rawBody()).doesNotContain("purged.com");
    }

    @Test
    void aCustomerPastItsRetentionIsNotRestoredWhileTheSweepHasYetToPurgeIt() {
        Workspace ws = newWorkspace();
        String late = create(ws, "late.com");
        assertThat(http().delete("/v1/customers/" + late).token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp();

        clock.advance(Duration.ofDays(30));
        Response restore = http().post("/v1/customers/" + late + "/restore").token(ws.token()).send();
        assertThat(restore.status()).as(restore.toString()).isEqualTo(404);

        assertThat(trashPurge.sweep()).isGreaterThanOrEqualTo(1);
        JsonNode entries = http().get("/v1/customers/" + late + "/history").token(ws.token()).send().json().path("data");
        assertThat(entries.get(entries.size() - 1).path("type").asText()).isEqualTo("customer.erased");
    }

    private String create(Workspace ws, String domain) {
        Response response = http().post("/v1/customers").token(ws.token()).json(Map.of("name", domain, "email_domain", domain))
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    /** Answers how many were accepted: 1, or 0 for a duplicate. */
    private int ingestOneEvent(Workspace ws, String customerId, String eventId) {
        Response response = http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(Map.of(
                "event_id", eventId, "type", "login", "customer_id", customerId,
                "timestamp", clock.instant().toString())))).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt() + response.json().path("duplicates").asInt()).isEqualTo(1);
        return response.json().path("accepted").asInt();
    }

    private int usageEvents(Workspace ws, String customerId) {
        return http().get("/v1/events?customer_id=" + customerId).token(ws.token()).send().json().path("data").size();
    }
}
