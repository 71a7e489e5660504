package com.lealup.app.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
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
        assertThat(added.path("changes").path("contacts." + contactId + ".is_champion").path("new").isBoolean())
                .as("absent, it is false, as the contact's answer says").isTrue();
        assertThat(added.path("changes").path("contacts." + contactId + ".is_champion").path("new").asBoolean()).isFalse();
        JsonNode deleted = data.get(3);
        assertThat(deleted.path("changes").path("deleted_at").path("old").isNull()).isTrue();
        assertThat(deleted.path("changes").path("deleted_at").path("new").asText()).endsWith("Z");
        JsonNode restored = data.get(4);
        assertThat(restored.path("changes").path("deleted_at").path("new").isNull()).isTrue();
        assertThat(restored.path("version").asInt()).isEqualTo(5);
    }

    @Test
    void anErasedCustomersHistoryStillShowsWhichPersonalFieldsEachEventChanged() {
        String id = create(customer("Acme"));
        assertThat(http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("name", "Acme Corp", "arr", 2500)).send().status()).isEqualTo(200);
        Response contact = http().post("/v1/customers/" + id + "/contacts").token(ws.token())
                .json(Map.of("name", "Ana", "email", "ana@acme.com")).send();
        String contactId = contact.json().path("id").asText();
        assertThat(http().patch("/v1/customers/" + id + "/contacts/" + contactId).token(ws.token())
                .json(Map.of("name", "Ana Maria")).send().status()).isEqualTo(200);
        String asOf = "/v1/customers/" + id + "?as_of=" + clock.instant();
        Response beforeErasure = http().get(asOf).token(ws.token()).send();
        assertThat(beforeErasure.json().path("name").asText()).isEqualTo("Acme Corp");
        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status())
                .isEqualTo(204);
        // a copy of the past kept by its ETag is no longer current: the erasure moved the customer's version
        Response afterErasure = http().get(asOf).token(ws.token()).header("If-None-Match", beforeErasure.header("ETag"))
                .send();
        assertThat(afterErasure.status()).isEqualTo(200);
        assertThat(afterErasure.json().path("name").asText()).isEqualTo("[erased]");

        JsonNode data = history(id, "").json().path("data");
        assertThat(types(data)).containsExactly("customer.created", "customer.updated", "contact.added",
                "contact.updated", "customer.erased");
        // to the microsecond, as every time the API shows
        assertThat(data.get(4).path("changes").path("erased_at").path("new").asText())
                .matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z");
        JsonNode updated = data.get(1).path("changes");
        assertThat(updated.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "arr");
        assertThat(updated.path("name").path("old").asText()).isEqualTo("[erased]");
        assertThat(updated.path("name").path("new").asText()).isEqualTo("[erased]");
        assertThat(data.get(3).path("changes").fieldNames()).toIterable()
                .containsExactly("contacts." + contactId + ".name");
        assertThat(data.toString()).doesNotContain("Acme").doesNotContain("Ana");
    }

    /**
     * A page ends before the entry that would take its changed values past a million characters: a customer whose 100
     * custom fields of 1,000 characters all change holds 200,000 of them in each entry, so limit=200 pages of 5.
     */
    @Test
    void aPageOfLargeChangesEndsEarlyAndThePagesStillHoldEveryEntryOnce() {
        Map<String, Object> body = customer("Large");
        body.put("custom_fields", fieldsOf('a'));
        String id = create(body);
        for (char c = 'b'; c <= 'l'; c++) {
            assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("custom_fields", fieldsOf(c)))
                    .send().status()).isEqualTo(200);
        }

        List<Integer> versions = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = history(id, "?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            sizes.add(page.path("data").size());
            page.path("data").forEach(entry -> versions.add(entry.path("version").asInt()));
            cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);

        // the creation (100,000 characters) and 4 updates (200,000 each) fit; the fifth update opens the next page
        assertThat(sizes).containsExactly(5, 5, 2);
        assertThat(versions).containsExactlyElementsOf(IntStream.rangeClosed(1, 12).boxed().toList());
    }

    private static Map<String, Object> fieldsOf(char c) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            fields.put("f" + i, String.valueOf(c).repeat(1000));
        }
        return fields;
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
    void aCursorPagesOnlyTheHistoryItWasIssuedFor() {
        String paged = create(customer("Paged"));
        String other = create(customer("Other"));
        for (String id : List.of(paged, other)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("arr", 1000 + i)).send()
                        .status()).isEqualTo(200);
            }
        }
        String cursor = history(paged, "?limit=2").json().path("next_cursor").asText();

        Response foreign = history(other, "?limit=2&cursor=" + cursor);
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
        assertThat(foreign.json().path("errors").get(0).path("field").asText()).isEqualTo("cursor");
        assertThat(foreign.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_cursor");
        assertThat(history(paged, "?limit=2&cursor=" + cursor).json().path("data").findValuesAsText("version"))
                .containsExactly("3", "4");
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

        // a finer instant than the API's microseconds names its microsecond, as the fold compares and the echo shows
        Instant precise = afterCreate.plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789);
        Response then = http().get("/v1/customers/" + id + "?as_of=" + precise).token(ws.token()).send();
        assertThat(then.status()).as(then.toString()).isEqualTo(200);
        assertThat(then.json().path("name").asText()).isEqualTo("Then");
        assertThat(then.json().path("arr").asInt()).isEqualTo(1000);
        assertThat(then.json().path("version").asInt()).isEqualTo(1);
        assertThat(then.json().path("custom_fields").path("tier").asText()).isEqualTo("Gold");
        assertThat(then.json().path("as_of").asText()).isEqualTo(precise.truncatedTo(ChronoUnit.MICROS).toString())
                .endsWith(".123456Z");
        assertThat(then.json().has("pending_tasks")).isFalse();
        // its validator is the customer's version now (created, updated, deleted: 3), which a later change moves
        assertThat(then.header("ETag")).isEqualTo("\"3\"");
        for (String current : List.of("\"3\"", "*", "\"1\", \"3\"")) {
            Response unchanged = http().get("/v1/customers/" + id + "?as_of=" + precise).token(ws.token())
                    .header("If-None-Match", current).send();
            assertThat(unchanged.status()).as(current).isEqualTo(304);
            assertThat(unchanged.header("ETag")).isEqualTo("\"3\"");
        }
        assertThat(http().get("/v1/customers/" + id + "?as_of=" + precise).token(ws.token())
                .header("If-None-Match", "\"1\"").send().status()).as("the version shown is no validator").isEqualTo(200);

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
        // an id of no customer's shape is missing as any other
        Instant noon = Instant.parse("2026-06-01T12:00:00Z");
        for (String nobody : List.of("cus_01JDQ2Z8X6M4V3T5R7P9N1K2H4", "cus_x")) {
            Response missing = http().get("/v1/customers/" + nobody + "?as_of=" + noon).token(ws.token()).send();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().path("detail").asText())
                    .isEqualTo("Customer '" + nobody + "' was not found as of 2026-06-01T12:00:00Z");
        }

        // the store holds no future: an answer would be today's customer dated then
        Map<String, String> invalid = Map.of("yesterday", "invalid_format", "2026-02-30T00:00:00Z", "invalid_format",
                "2026-03-01T00:00:00.Z", "invalid_format", "10000-01-01T00:00:00Z", "out_of_range",
                clock.instant().plusSeconds(60).toString(), "out_of_range");
        invalid.forEach((asOf, code) -> {
            Response bad = http().get("/v1/customers/" + id + "?as_of=" + asOf).token(ws.token()).send();
            assertThat(bad.status()).as(asOf).isEqualTo(400);
            assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("as_of");
            assertThat(bad.json().path("errors").get(0).path("code").asText()).as(asOf).isEqualTo(code);
        });
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
            // a microsecond before a time shown is before its event, even one whose nanoseconds were rounded up
            Instant beforeCreation = Instant.parse(createdAt).minus(1, ChronoUnit.MICROS);
            Response notYet = http().get("/v1/customers/" + id + "?as_of=" + beforeCreation).token(ws.token()).send();
            assertThat(notYet.status()).as("as of %s: %s", beforeCreation, notYet).isEqualTo(404);
            Instant beforeChange = Instant.parse(updatedAt).minus(1, ChronoUnit.MICROS);
            JsonNode unchanged = http().get("/v1/customers/" + id + "?as_of=" + beforeChange).token(ws.token()).send()
                    .json();
            assertThat(unchanged.path("version").asInt()).as("as of %s", beforeChange).isEqualTo(1);
            assertThat(Instant.parse(unchanged.path("updated_at").asText())).isBeforeOrEqualTo(beforeChange);
        }
    }

    /**
     * Ingests an NPS response and recalculates until the score reflects it (NPS alone: score x 10); answers the
     * health. The score may be published by the recalculation or by the sweep of the customers the event marked.
     */
    private JsonNode scoreFromNps(String id, int nps) throws InterruptedException {
        Map<String, Object> event = Map.of("type", "nps.response", "customer_id", id,
                "timestamp", clock.instant().minusSeconds(60).toString(), "properties", Map.of("score", nps));
        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(event))).send().status())
                .isEqualTo(202);
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            JsonNode health = http().post("/v1/customers/" + id + "/health/recalculate").token(ws.token()).send()
                    .json();
            if (health.path("score").asInt() == nps * 10) {
                return health;
            }
            assertThat(Instant.now()).as("scored from NPS " + nps).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** The whole history once it has {@code size} entries (the scores reach it through their read model). */
    private JsonNode awaitHistory(String id, int size) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            Response response = history(id, "?limit=200");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode data = response.json().path("data");
            if (data.size() >= size) {
                return data;
            }
            assertThat(Instant.now()).as("history never had " + size + " entries: " + data).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** The entries' types and ids, page after page of {@code limit}, and how many pages. */
    private List<String> pageThrough(String id, String query, int limit, List<Integer> pageSizes) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = history(id, "?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("data").forEach(e -> seen.add(e.path("type").asText() + " " + e.path("event_id").asText()));
            pageSizes.add(page.json().path("data").size());
            cursor = page.json().path("has_more").asBoolean() ? page.json().path("next_cursor").asText() : null;
        } while (cursor != null);
        return seen;
    }

    private static String cursor(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /** API.md §10: the customer as it was, its health then included (the last score published at or before). */
    @Test
    void asOfShowsTheHealthInForceThen() throws InterruptedException {
        String id = create(customer("Scored then"));
        Instant beforeAnyScore = clock.instant();
        clock.advance(Duration.ofHours(1));
        JsonNode healthy = scoreFromNps(id, 9);
        Instant betweenScores = Instant.parse(healthy.path("calculated_at").asText()).plusSeconds(1);
        clock.advance(Duration.ofHours(1));
        scoreFromNps(id, 2);

        JsonNode unscored = http().get("/v1/customers/" + id + "?as_of=" + beforeAnyScore).token(ws.token()).send()
                .json().path("health");
        assertThat(unscored.path("score").isNull()).isTrue();
        assertThat(unscored.path("dimensions")).isEmpty();
        JsonNode then = await("the score in the health changes").atMost(Duration.ofSeconds(20)).until(
                () -> http().get("/v1/customers/" + id + "?as_of=" + betweenScores).token(ws.token()).send().json()
                        .path("health"), health -> !health.path("score").isNull());
        assertThat(then.path("score").asInt()).isEqualTo(90);
        assertThat(then.path("status").asText()).isEqualTo(healthy.path("status").asText());
        assertThat(then.path("calculated_at").asText()).isEqualTo(healthy.path("calculated_at").asText());
        assertThat(then.path("model_version").asInt()).isEqualTo(healthy.path("model_version").asInt());
        assertThat(then.path("dimensions")).isEqualTo(healthy.path("dimensions"));
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().json().path("health").path("score")
                .asInt()).isEqualTo(20);

        // an erasure takes the customer's scores with it: its past reads unscored
        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status())
                .isEqualTo(204);
        JsonNode erased = await("the scores gone with the erasure").atMost(Duration.ofSeconds(20)).until(
                () -> http().get("/v1/customers/" + id + "?as_of=" + betweenScores).token(ws.token()).send().json(),
                page -> page.path("health").path("score").isNull());
        assertThat(erased.path("health").path("dimensions")).isEmpty();
    }

    @Test
    void listsTheChangesOfTheHealthScoreInTimeOrderAmongTheCustomersEvents() throws InterruptedException {
        String id = create(customer("Scored"));
        JsonNode healthy = scoreFromNps(id, 9);
        Response patched = http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("arr", 1500)).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode low = scoreFromNps(id, 2);
        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("arr", 1600)).send().status())
                .isEqualTo(200);

        JsonNode data = awaitHistory(id, 5);
        assertThat(types(data)).containsExactly("customer.created", "customer.health_changed", "customer.updated",
                "customer.health_changed", "customer.updated");
        List<Instant> times = new ArrayList<>();
        data.forEach(e -> times.add(Instant.parse(e.path("occurred_at").asText())));
        assertThat(times).isSorted();

        JsonNode first = data.get(1);
        assertThat(first.path("event_id").asText()).isNotBlank();
        assertThat(first.path("actor").path("type").asText()).isEqualTo("system");
        assertThat(first.path("actor").path("id").asText()).isEqualTo("health-scoring");
        assertThat(first.path("version").isNull()).as("a score changes no version of the customer").isTrue();
        assertThat(first.path("trace_id").asText()).isNotBlank();
        assertThat(first.path("changes").fieldNames()).toIterable().containsExactly("health_score", "health_status");
        assertThat(first.path("changes").path("health_score").path("old").isNull()).isTrue();
        assertThat(first.path("changes").path("health_score").path("new").asInt()).isEqualTo(90);
        assertThat(first.path("changes").path("health_status").path("old").isNull()).isTrue();
        assertThat(first.path("changes").path("health_status").path("new").asText())
                .isEqualTo(healthy.path("status").asText());
        JsonNode second = data.get(3);
        assertThat(second.path("changes").path("health_score").path("old").asInt()).isEqualTo(90);
        assertThat(second.path("changes").path("health_score").path("new").asInt()).isEqualTo(20);
        assertThat(second.path("changes").path("health_status").path("old").asText())
                .isEqualTo(healthy.path("status").asText());
        assertThat(second.path("changes").path("health_status").path("new").asText())
                .isEqualTo(low.path("status").asText());
        // the customer's own entries keep their versions
        assertThat(data.get(2).path("version").asInt()).isEqualTo(2);
        assertThat(data.get(4).path("version").asInt()).isEqualTo(3);
        assertThat(data.get(2).path("trace_id").asText()).isEqualTo(patched.header("X-Trace-Id"));
        // the time of the calculation, to the microsecond, as /health/changes shows it
        JsonNode changes = http().get("/v1/customers/" + id + "/health/changes").token(ws.token()).send().json()
                .path("data");
        assertThat(List.of(second.path("occurred_at").asText(), first.path("occurred_at").asText()))
                .isEqualTo(List.of(changes.get(0).path("calculated_at").asText(),
                        changes.get(1).path("calculated_at").asText()));

        // ?type= takes the new type, alone or with the others
        JsonNode scores = history(id, "?type=customer.health_changed").json().path("data");
        assertThat(scores).containsExactly(first, second);
        assertThat(types(history(id, "?type=customer.updated,customer.health_changed").json().path("data")))
                .containsExactly("customer.health_changed", "customer.updated", "customer.health_changed",
                        "customer.updated");
        assertThat(types(history(id, "?type=customer.created").json().path("data"))).containsExactly("customer.created");

        // pages of every size, the boundaries between a score and an event of the customer: the same entries
        List<String> all = new ArrayList<>();
        data.forEach(e -> all.add(e.path("type").asText() + " " + e.path("event_id").asText()));
        for (int limit = 1; limit <= 5; limit++) {
            List<Integer> sizes = new ArrayList<>();
            assertThat(pageThrough(id, "", limit, sizes)).as("pages of " + limit).isEqualTo(all);
        }
        List<Integer> sizes = new ArrayList<>();
        assertThat(pageThrough(id, "&type=customer.health_changed", 1, sizes))
                .containsExactly(all.get(1), all.get(3));
        assertThat(sizes).containsExactly(1, 1);
        assertThat(pageThrough(id, "&type=customer.health_changed,customer.created", 2, new ArrayList<>()))
                .containsExactly(all.get(0), all.get(1), all.get(3));

        // stable while both sources grow: a page after a cursor goes on where the last one stopped
        Response firstPage = history(id, "?limit=2");
        assertThat(types(firstPage.json().path("data"))).containsExactly("customer.created", "customer.health_changed");
        scoreFromNps(id, 5);
        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("arr", 1700)).send().status())
                .isEqualTo(200);
        awaitHistory(id, 7);
        JsonNode rest = history(id, "?limit=200&cursor=" + firstPage.json().path("next_cursor").asText()).json();
        assertThat(types(rest.path("data"))).containsExactly("customer.updated", "customer.health_changed",
                "customer.updated", "customer.health_changed", "customer.updated");

        // a cursor issued before any score was passed (a sequence, no calculation) goes on from the first score
        assertThat(types(history(id, "?limit=200&cursor=" + cursor("{\"customer\":\"" + id + "\",\"sequence\":\"0\"}"))
                .json().path("data")))
                .containsExactly("customer.health_changed", "customer.updated", "customer.health_changed",
                        "customer.updated", "customer.health_changed", "customer.updated");
        // and one the API did not issue is not
        for (String forged : List.of("{\"calculation\":\"x\"}", "{\"sequence\":\"1\",\"score\":\"2\"}",
                "{\"calculation\":\"-1\"}", "{\"sequence\":null}", "{\"sequence\":\"0\"}",
                "{\"customer\":\"" + id + "\"}")) {
            Response invalid = history(id, "?cursor=" + cursor(forged));
            assertThat(invalid.status()).as(forged).isEqualTo(400);
            assertThat(invalid.json().path("errors").get(0).path("code").asText()).as(forged)
                    .isEqualTo("invalid_cursor");
        }

        // another workspace's customer: 404 whatever the type
        Workspace other = newWorkspace();
        for (String query : List.of("", "?type=customer.health_changed")) {
            assertThat(http().get("/v1/customers/" + id + "/history" + query).token(other.token()).send().status())
                    .as(query).isEqualTo(404);
        }
    }

    private static List<String> types(JsonNode data) {
        List<String> types = new ArrayList<>();
        data.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }
}
