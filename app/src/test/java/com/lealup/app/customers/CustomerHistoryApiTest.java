package com.lealup.app.customers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail ({@code /history}) and time travel ({@code ?as_of=}), both from the event store. */
class CustomerHistoryApiTest extends ApiTest {

    private Workspace ws;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String create(Map<String, Object> body) {
        Response created = http().post("/v1/customers").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static Map<String, Object> customer(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("email_domain", UUID.randomUUID() + ".example.com");
        body.put("arr", 1000);
        body.put("custom_fields", Map.of("tier", "Gold"));
        return body;
    }

    private Response history(String id, String query) {
        return http().get("/v1/customers/" + id + "/history" + query).token(ws.token()).send();
    }

    @Test
    void listsEveryChangeOldestFirstWithWhoWhenWhichRequestAndOldAndNewValues() {
        String id = create(customer("Acme"));
        Response patched = http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("name", "Acme Corp", "arr", 2500.5, "custom_fields", Map.of("tier", "Platinum"))).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        Response contact = http().post("/v1/customers/" + id + "/contacts").token(ws.token())
                .json(Map.of("name", "Ana", "email", "ana@acme.com")).send();
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        String contactId = contact.json().path("id").asText();
        assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(http().post("/v1/customers/" + id + "/restore").token(ws.token()).send().status()).isEqualTo(200);

        Response response = history(id, "");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode data = response.json().path("data");
        assertThat(types(data)).containsExactly("customer.created", "customer.updated", "contact.added",
                "customer.deleted", "customer.restored");
        assertThat(response.json().path("has_more").asBoolean()).isFalse();
        assertThat(response.json().path("next_cursor").isNull()).isTrue();

        JsonNode created = data.get(0);
        assertThat(created.path("event_id").asText()).isNotBlank();
        assertThat(created.path("version").asInt()).isEqualTo(1);
        assertThat(Instant.parse(created.path("occurred_at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(created.path("actor").path("type").asText()).isEqualTo("api_key");
        assertThat(created.path("actor").path("id").asText()).startsWith("key_");
        assertThat(created.path("trace_id").asText()).isNotBlank();
        assertThat(created.path("changes").path("name").path("old").isNull()).isTrue();
        assertThat(created.path("changes").path("name").path("new").asText()).isEqualTo("Acme");
        assertThat(created.path("changes").path("custom_fields.tier").path("new").asText()).isEqualTo("Gold");
        assertThat(created.path("changes").path("currency").path("new").asText()).isEqualTo("USD");

        JsonNode updated = data.get(1);
        assertThat(updated.path("trace_id").asText()).isEqualTo(patched.header("X-Trace-Id"));
        assertThat(updated.path("changes").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("name", "arr", "custom_fields.tier");
        assertThat(updated.path("changes").path("name").path("old").asText()).isEqualTo("Acme");
        assertThat(updated.path("changes").path("name").path("new").asText()).isEqualTo("Acme Corp");
        assertThat(updated.path("changes").path("arr").path("old").decimalValue()).isEqualByComparingTo("1000");
        assertThat(updated.path("changes").path("arr").path("new").decimalValue()).isEqualByComparingTo("2500.5");
        assertThat(updated.path("changes").path("custom_fields.tier").path("old").asText()).isEqualTo("Gold");
        assertThat(updated.path("changes").path("custom_fields.tier").path("new").asText()).isEqualTo("Platinum");

        JsonNode added = data.get(2);
        assertThat(added.path("changes").path("contacts." + contactId + ".email").path("new").asText())
                .isEqualTo("ana@acme.com");
        JsonNode deleted = data.get(3);
        assertThat(deleted.path("changes").path("deleted_at").path("old").isNull()).isTrue();
        assertThat(deleted.path("changes").path("deleted_at").path("new").asText()).endsWith("Z");
        JsonNode restored = data.get(4);
        assertThat(restored.path("changes").path("deleted_at").path("new").isNull()).isTrue();
        assertThat(restored.path("version").asInt()).isEqualTo(5);
    }

    @Test
    void pagesWithAKeysetCursorAndFiltersByType() {
        String id = create(customer("Paged"));
        for (int i = 1; i <= 4; i++) {
            assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("arr", 1000 + i)).send()
                    .status()).isEqualTo(200);
        }
        List<String> versions = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = history(id, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("data").forEach(e -> versions.add(e.path("version").asText()));
            cursor = page.json().path("has_more").asBoolean() ? page.json().path("next_cursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(versions).containsExactly("1", "2", "3", "4", "5");
        assertThat(pages).isEqualTo(3);

        JsonNode updates = history(id, "?type=customer.updated&limit=3").json();
        assertThat(types(updates.path("data"))).containsExactly("customer.updated", "customer.updated",
                "customer.updated");
        assertThat(updates.path("data").get(0).path("changes").path("arr").path("old").asInt()).isEqualTo(1000);
        JsonNode rest = history(id, "?type=customer.updated&cursor=" + updates.path("next_cursor").asText()).json();
        assertThat(rest.path("data")).hasSize(1);
        assertThat(rest.path("data").get(0).path("changes").path("arr").path("new").asInt()).isEqualTo(1004);
        assertThat(types(history(id, "?type=customer.created,contact.added").json().path("data")))
                .containsExactly("customer.created");

        Response unknownType = history(id, "?type=customer.exploded");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().path("errors").get(0).path("field").asText()).isEqualTo("type");
        assertThat(history(id, "?cursor=garbage").status()).isEqualTo(400);
        assertThat(history(id, "?limit=201").status()).isEqualTo(400);
    }

    @Test
    void anotherWorkspacesCustomerIsNotFoundExactlyAsAMissingOne() {
        String id = create(customer("Mine"));
        Workspace other = newWorkspace();
        Response theirs = http().get("/v1/customers/" + id + "/history").token(other.token()).send();
        String missingId = "cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ";
        Response missing = http().get("/v1/customers/" + missingId + "/history").token(other.token()).send();
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(theirs.json().path("detail").asText().replace(id, "ID"))
                .isEqualTo(missing.json().path("detail").asText().replace(missingId, "ID"));
        assertThat(http().get("/v1/customers/" + id + "?as_of=" + Instant.now()).token(other.token()).send().status())
                .isEqualTo(404);
        assertThat(http().get("/v1/customers/tsk_01JD3ZZZZZZZZZZZZZZZZZZZZZ/history").token(ws.token()).send()
                .status()).isEqualTo(404);
    }

    @Test
    void anIdempotentReplayAddsNoEntry() {
        Map<String, Object> body = customer("Once");
        Response first = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", "history-once")
                .json(body).send();
        Response replay = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", "history-once")
                .json(body).send();
        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        String id = first.json().path("id").asText();
        assertThat(history(id, "").json().path("data")).hasSize(1);
    }

    @Test
    void aPlaybooksActionsShowThePlaybookAsTheActor() throws InterruptedException {
        Response playbook = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Welcome",
                "trigger", Map.of("type", "event", "event_type", "customer.created"),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "onboarding", "value", "started")),
                "enabled", true)).send();
        assertThat(playbook.status()).as(playbook.toString()).isEqualTo(201);
        String id = create(customer("Automated"));
        JsonNode data = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            data = history(id, "").json().path("data");
            if (data.size() == 2) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(data).hasSize(2);
        JsonNode automated = data.get(1);
        assertThat(automated.path("type").asText()).isEqualTo("customer.updated");
        assertThat(automated.path("actor").path("type").asText()).isEqualTo("playbook");
        assertThat(automated.path("actor").path("id").asText()).isEqualTo(playbook.json().path("id").asText());
        assertThat(automated.path("changes").path("custom_fields.onboarding").path("new").asText()).isEqualTo("started");
        // the run was caused by the request that created the customer: same trace
        assertThat(automated.path("trace_id").asText()).isEqualTo(data.get(0).path("trace_id").asText());
    }

    @Test
    void asOfAnswersTheCustomerAsItWasThen() {
        String id = create(customer("Then"));
        Instant afterCreate = clock.instant();
        clock.advance(Duration.ofDays(3));
        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("name", "Now", "arr", 5000))
                .send().status()).isEqualTo(200);
        Instant afterUpdate = clock.instant();
        clock.advance(Duration.ofDays(3));
        assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(204);

        Response then = http().get("/v1/customers/" + id + "?as_of=" + afterCreate.plusSeconds(60)).token(ws.token())
                .send();
        assertThat(then.status()).as(then.toString()).isEqualTo(200);
        assertThat(then.json().path("name").asText()).isEqualTo("Then");
        assertThat(then.json().path("arr").asInt()).isEqualTo(1000);
        assertThat(then.json().path("version").asInt()).isEqualTo(1);
        assertThat(then.json().path("custom_fields").path("tier").asText()).isEqualTo("Gold");
        assertThat(then.json().path("as_of").asText()).isEqualTo(afterCreate.plusSeconds(60).toString());
        assertThat(then.json().has("pending_tasks")).isFalse();

        JsonNode later = http().get("/v1/customers/" + id + "?as_of=" + afterUpdate.plusSeconds(60)).token(ws.token())
                .send().json();
        assertThat(later.path("name").asText()).isEqualTo("Now");
        assertThat(later.path("arr").asInt()).isEqualTo(5000);
        assertThat(later.path("version").asInt()).isEqualTo(2);

        // before it existed, and while in the trash: 404; now (in the trash) the plain GET is 404 too
        assertThat(http().get("/v1/customers/" + id + "?as_of=" + afterCreate.minus(Duration.ofDays(1)))
                .token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers/" + id + "?as_of=" + clock.instant()).token(ws.token()).send().status())
                .isEqualTo(404);
        // the history of a customer in the trash stays readable
        assertThat(history(id, "").json().path("data")).hasSize(3);

        for (String invalid : List.of("yesterday", "2026-02-30T00:00:00Z", "10000-01-01T00:00:00Z")) {
            Response bad = http().get("/v1/customers/" + id + "?as_of=" + invalid).token(ws.token()).send();
            assertThat(bad.status()).as(invalid).isEqualTo(400);
            assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("as_of");
        }
    }

    /**
     * The events keep nanoseconds, the store and the API microseconds: the times a client reads still name the
     * versions they show, and the past reads as the present showed it. Eight customers, so that some of their times
     * were rounded down (which named the version before).
     */
    @Test
    void theTimesTheCustomerShowsNameItsVersions() {
        for (int i = 0; i < 8; i++) {
            Response created = http().post("/v1/customers").token(ws.token()).json(customer("Micro " + i)).send();
            String id = created.json().path("id").asText();
            String createdAt = created.json().path("created_at").asText();
            String updatedAt = http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("arr", 2000 + i))
                    .send().json().path("updated_at").asText();

            JsonNode atCreation = http().get("/v1/customers/" + id + "?as_of=" + createdAt).token(ws.token()).send()
                    .json();
            assertThat(atCreation.path("version").asInt()).as("as of %s", createdAt).isEqualTo(1);
            assertThat(atCreation.path("created_at").asText()).isEqualTo(createdAt);
            JsonNode atChange = http().get("/v1/customers/" + id + "?as_of=" + updatedAt).token(ws.token()).send()
                    .json();
            assertThat(atChange.path("version").asInt()).as("as of %s", updatedAt).isEqualTo(2);
            assertThat(atChange.path("updated_at").asText()).isEqualTo(updatedAt);
            assertThat(history(id, "").json().path("data").findValuesAsText("occurred_at"))
                    .containsExactly(createdAt, updatedAt);
        }
    }

    private static List<String> types(JsonNode data) {
        List<String> types = new ArrayList<>();
        data.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }
}
