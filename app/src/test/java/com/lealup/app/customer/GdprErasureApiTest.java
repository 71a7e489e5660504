package com.lealup.app.customer;

import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.PersonalData;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.playbook.PlaybookActionFailed;
import com.lealup.api.playbook.RecordPlaybookActionOutcome;
import com.lealup.api.task.TaskCompleted;
import com.lealup.app.integration.OAuthCalls;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.CapturedLog;
import com.lealup.app.support.FakeOutsideWorld;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * GDPR erasure ({@code DELETE /v1/customers/{id}?hard=true}) over real HTTP: after it and a replay of every
 * projection, none of the personal values sent is anywhere in the database (every text, json and bytea column of
 * every table) nor in the server's log, and the history keeps its entries with {@code "[erased]"}.
 */
class GdprErasureApiTest extends ApiTest {

    private static final String PROJECTIONS = "/v1/admin/projections";

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private CommandGateway commandGateway;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private EventProcessingConfiguration processing;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void anErasedCustomersPersonalDataIsNowhereAfterAReplayOfEveryProjection() {
        Workspace ws = newWorkspace();
        String m = marker();
        String name = "Persona " + m;
        String domain = m + "-family.example";
        String custom = "vip-" + m;
        String contactName = "Contact " + m;
        String contactEmail = "renee." + m + "@mail.example";
        String title = "Chief " + m;
        String phone = "+3361" + digits();
        String taskTitle = "Call " + m;
        String description = "About " + m + "'s divorce";
        String notes = "Spoke with " + m;
        String outcome = "Reached " + m;
        String usageEmail = "user." + m + "@mail.example";
        String usageProperty = "clicked " + m;
        String createKey = UUID.randomUUID().toString();
        List<String> personal = List.of(m, name, domain, custom, contactName, contactEmail, title, phone, taskTitle,
                description, notes, outcome, usageEmail, usageProperty);

        // a playbook that runs on every new customer: a run, a task and a change of the customer of its own
        Response playbook = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Welcome",
                "trigger", Map.of("type", "event", "event_type", "customer.created"),
                "actions", List.of(Map.of("type", "create_task", "title", "Kick-off", "assignee", "owner"),
                        Map.of("type", "set_custom_field", "key", "onboarding", "value", "started")),
                "enabled", true)).send();
        assertThat(playbook.status()).as(playbook.toString()).isEqualTo(201);
        // and one whose run snapshot (and so its notification's data) holds the customer's name
        Response notifying = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Named",
                "trigger", Map.of("type", "condition", "expression", "name != 'nobody'"),
                "actions", List.of(Map.of("type", "notify", "channel", "slack", "target", "#cs-alerts")),
                "enabled", true)).send();
        assertThat(notifying.status()).as(notifying.toString()).isEqualTo(201);

        Response created = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", createKey)
                .json(Map.of("name", name, "email_domain", domain, "arr", 1200,
                        "custom_fields", Map.of("vip", custom, "seats", 12))).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        String kept = customer(ws, "Kept customer", "kept-" + m.substring(0, 3) + ".example");
        Response contact = http().post("/v1/customers/" + id + "/contacts").token(ws.token())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .json(Map.of("name", contactName, "email", contactEmail, "title", title, "whatsapp_number", phone,
                        "is_champion", true)).send();
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("name", name + " Jr")).send()
                .status()).isEqualTo(200);
        Response task = http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", id, "title", taskTitle,
                "description", description, "due_date", "2027-01-15", "priority", "high")).send();
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        assertThat(http().post("/v1/tasks/" + task.json().path("id").asText() + "/complete").token(ws.token())
                .json(Map.of("outcome", outcome, "notes", notes)).send().status()).isEqualTo(200);
        Response usage = http().post("/v1/events").token(ws.token()).header("Idempotency-Key", UUID.randomUUID().toString())
                .json(Map.of("events", List.of(
                        Map.of("event_id", "e1-" + m.hashCode(), "type", "feature_used", "customer_id", id,
                                "contact_email", usageEmail, "timestamp", clock.instant().toString(),
                                "properties", Map.of("detail", usageProperty)),
                        Map.of("type", "login", "email_domain", domain, "timestamp", clock.instant().toString()))))
                .send();
        assertThat(usage.status()).as(usage.toString()).isEqualTo(202);
        assertThat(usage.json().path("accepted").asInt()).isEqualTo(2);
        for (Response each : List.of(playbook, notifying)) { // a run for each customer
            await().atMost(Duration.ofSeconds(20)).until(() -> http().get("/v1/playbooks/" + each.json().path("id")
                    .asText() + "/runs").token(ws.token()).send().json().path("data").size() == 2);
        }
        awaitProcessorsCaughtUp();
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type = ? AND position(? in payload) > 0")
                .params("com.lealup.api.notification.NotificationRequested", id.getBytes())
                .query(Long.class).single()).as("a notification about the customer").isEqualTo(1);
        assertThat(foundIn(personal)).as("the values are stored before the erasure (the search finds them)")
                .contains("customer_view.name", "contact_view.email", "task_view.title", "usage_log.events");

        // refusals first: scope, another workspace, an unknown id
        String writer = key(ws, "admin", List.of("customers:read", "customers:write"));
        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(writer).send().status()).isEqualTo(403);
        Workspace other = newWorkspace();
        Response foreign = http().delete("/v1/customers/" + id + "?hard=true").token(other.token()).send();
        Response unknown = http().delete("/v1/customers/cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ?hard=true").token(ws.token()).send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().path("type").asText()).isEqualTo(unknown.json().path("type").asText());
        assertThat(http().delete("/v1/customers/" + id + "?hard=maybe").token(ws.token()).send().status()).isEqualTo(400);
        // true or false only, as written: not Spring's yes, on or 1, nor another case or blanks around
        for (String lenient : List.of("yes", "on", "1", "True", "TRUE", "%20true", "true%20")) {
            Response refused = http().delete("/v1/customers/" + id + "?hard=" + lenient).token(ws.token()).send();
            assertThat(refused.status()).as(lenient).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).as(lenient).isEqualTo("hard");
            assertThat(refused.json().path("errors").get(0).path("code").asText()).as(lenient).isEqualTo("invalid_type");
        }
        // empty is no boolean either (the document's boolean): absent is the only way to the trash's default
        assertThat(http().delete("/v1/customers/" + id + "?hard=").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(200);

        Response erased = http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send();
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);

        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status())
                .as("erased: gone").isEqualTo(404);
        assertThat(http().post("/v1/customers/" + id + "/restore").token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers/" + kept).token(ws.token()).send().status()).isEqualTo(200);

        replayEveryProjection(ws);
        awaitProcessorsCaughtUp();

        assertThat(foundIn(personal)).as("columns holding a personal value after the erasure and a replay").isEmpty();
        List<String> lines = log.lines();
        for (String value : personal) {
            assertThat(lines).as("log lines with " + value).noneMatch(line -> line.contains(value));
        }
        for (String path : List.of("/v1/customers/" + id, "/v1/customers/" + id + "/contacts",
                "/v1/tasks?customer_id=" + id, "/v1/events?customer_id=" + id, "/v1/customers?q=" + m,
                "/v1/customers/trash")) {
            String body = http().get(path).token(ws.token()).send().rawBody();
            assertThat(personal).as(path).noneMatch(body::contains);
        }

        // the history keeps every entry, its shape, and none of the data
        Response history = http().get("/v1/customers/" + id + "/history?limit=100").token(ws.token()).send();
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        JsonNode entries = history.json().path("data");
        // the playbook's change of the customer may come before or after the contact
        assertThat(entries).extracting(e -> e.path("type").asText()).containsExactlyInAnyOrder("customer.created",
                "contact.added", "customer.updated", "customer.updated", "customer.erased");
        assertThat(entries.get(0).path("type").asText()).isEqualTo("customer.created");
        assertThat(entries.get(4).path("type").asText()).isEqualTo("customer.erased");
        JsonNode creation = entries.get(0).path("changes");
        assertThat(creation.path("name").path("new").asText()).isEqualTo("[erased]");
        assertThat(creation.path("email_domain").path("new").asText()).isEqualTo("[erased]");
        assertThat(creation.path("arr").path("new").asInt()).isEqualTo(1200);
        JsonNode added = entries.findParents("type").stream().filter(e -> e.path("type").asText().equals("contact.added"))
                .findFirst().orElseThrow().path("changes");
        assertThat(added.toString()).contains("[erased]").contains("is_champion");
        assertThat(personal).noneMatch(history.rawBody()::contains);
        Response asOf = http().get("/v1/customers/" + id + "?as_of=" + clock.instant().minusSeconds(1)).token(ws.token())
                .send();
        assertThat(personal).noneMatch(asOf.rawBody()::contains);

        // a retry of the creation: its stored answer (with the name) is gone, and it does not create the customer again
        Response again = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", createKey)
                .json(Map.of("name", name, "email_domain", domain, "arr", 1200,
                        "custom_fields", Map.of("vip", custom, "seats", 12))).send();
        assertProblem(again, 409, "idempotency_key_erased");
        assertThat(personal).noneMatch(again.rawBody()::contains);
        assertThat(http().get("/v1/customers?q=" + domain).token(ws.token()).send().json().path("data")).isEmpty();
    }

    /** The other groups forget the customer after its erasure's commit: the answer waits until each has. */
    @Test
    void theErasureAnswersOnceEveryProcessingGroupHasHandledIt() {
        Workspace ws = newWorkspace();
        String m = marker();
        String createKey = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "Persona " + m, "email_domain", m + ".example");
        String id = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", createKey).json(body).send()
                .json().path("id").asText();
        Response task = http().post("/v1/tasks").token(ws.token())
                .json(Map.of("customer_id", id, "title", "Call Persona " + m)).send();
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        awaitProcessorsCaughtUp();

        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status()).isEqualTo(204);

        long erasure = jdbc.sql("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number DESC LIMIT 1").param(id).query(Long.class).single();
        JsonNode groups = http().get(PROJECTIONS).token(ws.token()).send().json().path("data");
        assertThat(groups).isNotEmpty().allSatisfy(group -> assertThat(group.path("position").asLong())
                .as(group.path("name").asText()).isGreaterThanOrEqualTo(erasure));
        assertThat(http().get("/v1/tasks").token(ws.token()).send().rawBody()).doesNotContain(m);
        Response again = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", createKey).json(body)
                .send();
        assertProblem(again, 409, "idempotency_key_erased");
        assertThat(again.rawBody()).as("the stored response with the name is gone").doesNotContain(m);
    }

    /** The trash-purge group deletes the usage log's rows after the erasure: until then no page shows them. */
    @Test
    void theUsageEventsOfAnErasedCustomerAreGoneFromTheListOnceTheErasureAnswers() {
        Workspace ws = newWorkspace();
        String m = marker();
        String erasedId = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Erased " + m, "email_domain", m + "-erased.example")).send().json().path("id").asText();
        String keptId = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Kept " + m, "email_domain", m + "-kept.example")).send().json().path("id").asText();
        String email = "jane." + m + "@mail.example";
        Response usage = http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(
                Map.of("type", "login", "customer_id", erasedId, "contact_email", email,
                        "timestamp", clock.instant().toString(), "properties", Map.of("user", "Jane " + m)),
                Map.of("type", "login", "customer_id", keptId, "timestamp", clock.instant().toString())))).send();
        assertThat(usage.json().path("accepted").asInt()).as(usage.toString()).isEqualTo(2);

        StreamingEventProcessor purge = processing.eventProcessor("trash-purge", StreamingEventProcessor.class)
                .orElseThrow();
        purge.shutDown();
        try {
            assertThat(http().delete("/v1/customers/" + erasedId + "?hard=true").token(ws.token()).send().status())
                    .isEqualTo(204);
            Response events = http().get("/v1/events").token(ws.token()).send();
            assertThat(events.json().path("data").findValuesAsText("customer_id")).containsExactly(keptId);
            assertThat(events.rawBody()).doesNotContain(email).doesNotContain(m + "\"");
            assertThat(jdbc.sql("SELECT count(*) FROM usage_log WHERE customer_id = ?").param(erasedId)
                    .query(Long.class).single()).as("the purge has not run yet").isEqualTo(1);
        } finally {
            purge.start();
        }
    }

    @Test
    void anImportedCustomersRowInItsImportIsErasedAndTheOtherRowsStay() {
        Workspace ws = newWorkspace();
        String m = marker();
        String kept = marker();
        Response accepted = http().post("/v1/customers/bulk-import").token(ws.token()).json(Map.of("customers", List.of(
                Map.of("name", "Imported " + m, "email_domain", m + ".example", "custom_fields", Map.of("vip", "vip-" + m)),
                Map.of("name", "Imported " + kept, "email_domain", kept + ".example")))).send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String job = accepted.json().path("job_id").asText();
        await("the import").atMost(Duration.ofSeconds(30)).until(() ->
                http().get("/v1/jobs/" + job).token(ws.token()).send().json().path("status").asText().equals("completed"));
        awaitProcessorsCaughtUp();
        String id = http().get("/v1/customers?q=" + m).token(ws.token()).send().json().path("data").get(0).path("id").asText();
        assertThat(foundIn(List.of(m))).as("the row is stored before the erasure").contains("domain_event_entry.payload");

        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp();

        assertThat(foundIn(List.of(m))).as("columns that still hold the erased customer's values").isEmpty();
        assertThat(foundIn(List.of(kept))).as("the other row of the import").contains("domain_event_entry.payload");
        // the rewritten job still loads: its read model rebuilt from it counts both rows
        assertThat(http().post(PROJECTIONS + "/import-jobs/replay").token(ws.token()).send().status()).isEqualTo(202);
        await("the replay").atMost(Duration.ofSeconds(60)).until(() -> http().get(PROJECTIONS + "/import-jobs")
                .token(ws.token()).send().json().path("status").asText().equals("live"));
        awaitProcessorsCaughtUp();
        JsonNode rebuilt = http().get("/v1/jobs/" + job).token(ws.token()).send().json();
        assertThat(rebuilt.path("created").asInt()).as(rebuilt.toString()).isEqualTo(2);
    }

    /**
     * Rows that conflict with the customer hold its values too: in the job that created it (a second row with its email
     * domain) and in a later job (a row refused as its duplicate). Their errors name the field, the rule and the
     * customer's id, never the value; the erasure overwrites the rows in both jobs.
     */
    @Test
    void rowsThatConflictWithAnErasedCustomerKeepNoValueOfItInAnyJob() {
        Workspace ws = newWorkspace();
        String m = marker();
        String kept = marker();
        String domain = m + ".example";
        Map<String, Object> fail = Map.of("conflict_resolution", "fail");
        String first = importJob(ws, fail, List.of(Map.of("name", "Imported " + m, "email_domain", domain),
                Map.of("name", "Twin", "email_domain", domain), Map.of("name", "Imported " + kept,
                        "email_domain", kept + ".example")));
        String id = http().get("/v1/customers?q=" + m).token(ws.token()).send().json().path("data").get(0).path("id").asText();
        String later = importJob(ws, fail, List.of(Map.of("name", "Late", "email_domain", domain)));
        for (String job : List.of(first, later)) {
            JsonNode error = http().get("/v1/jobs/" + job).token(ws.token()).send().json().path("errors").get(0);
            assertThat(error.path("code").asText()).isEqualTo("duplicate_email_domain");
            assertThat(error.path("field").asText()).isEqualTo("email_domain");
            assertThat(error.path("message").asText()).as("the error names the customer, not the value").contains(id)
                    .doesNotContain(m);
        }
        awaitProcessorsCaughtUp();
        assertThat(foundIn(List.of(m))).as("the rows are stored before the erasure").contains("domain_event_entry.payload");

        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp();

        assertThat(foundIn(List.of(m))).as("columns that still hold the erased customer's values").isEmpty();
        assertThat(foundIn(List.of(kept))).as("the other row of the import").contains("domain_event_entry.payload");
        assertThat(http().get("/v1/jobs/" + later).token(ws.token()).send().json().path("failed").asInt()).isEqualTo(1);
    }

    /**
     * A row that matches the customer but is refused as its update (a renewal date in the past) holds the values
     * sent for it: its outcome names the customer, so the erasure overwrites it.
     */
    @Test
    void aRowRefusedAsAnUpdateOfTheCustomerKeepsNoValueOfIt() {
        Workspace ws = newWorkspace();
        String m = marker();
        String domain = m + ".example";
        Response created = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Edge", "email_domain",
                domain)).send();
        String id = created.json().path("id").asText();
        String job = importJob(ws, Map.of("mode", "update"), List.of(Map.of("email_domain", domain, "renewal_date",
                "2020-01-01", "custom_fields", Map.of("note", "note-" + m))));
        JsonNode error = http().get("/v1/jobs/" + job).token(ws.token()).send().json().path("errors").get(0);
        assertThat(error.path("code").asText()).isEqualTo("renewal_date_in_past");
        awaitProcessorsCaughtUp();
        assertThat(foundIn(List.of(m))).as("the row is stored before the erasure").contains("domain_event_entry.payload");

        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp();

        assertThat(foundIn(List.of(m))).as("columns that still hold the erased customer's values").isEmpty();
    }

    /**
     * An import still to run whose rows name the customer holds its values, and would name it only once run: the
     * erasure is refused until the job has ended ({@code 409 import_in_progress} naming the job). The job is held
     * in the queue by a lease no runner takes over.
     */
    @Test
    void anErasureWaitsForAnImportStillToRunThatNamesTheCustomer() {
        Workspace ws = newWorkspace();
        String m = marker();
        String domain = m + ".example";
        String id = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Queued", "email_domain", domain))
                .send().json().path("id").asText();
        String job = importJob(ws, Map.of("mode", "update"), List.of(Map.of("email_domain", domain, "arr", 5)));
        String other = importJob(ws, Map.of(), List.of(Map.of("name", "Other", "email_domain", marker() + ".example")));
        for (String queued : List.of(job, other)) {
            jdbc.sql("""
                            INSERT INTO import_job_queue (job_id, workspace_id, trace_id, queued_at, leased_until)
                            VALUES (?, ?, 'trace', now(), now() + interval '1 hour')""")
                    .params(queued, ws.id()).update();
        }
        try {
            Response refused = http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send();
            assertProblem(refused, 409, "import_in_progress");
            assertThat(refused.json().path("job_id").asText()).isEqualTo(job);
            assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().status()).as("nothing erased")
                    .isEqualTo(200);

            jdbc.sql("DELETE FROM import_job_queue WHERE job_id = ?").param(job).update();
            assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status())
                    .as("a queued job that names other customers holds nothing of it").isEqualTo(204);
        } finally {
            jdbc.sql("DELETE FROM import_job_queue WHERE job_id IN (?, ?)").params(job, other).update();
        }
    }

    /** Runs an import with these options to its end; answers the job's id. */
    private String importJob(Workspace ws, Map<String, Object> options, List<Map<String, Object>> rows) {
        Map<String, Object> body = new HashMap<>(options);
        body.put("customers", rows);
        Response accepted = http().post("/v1/customers/bulk-import").token(ws.token()).json(body).send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String job = accepted.json().path("job_id").asText();
        await("the import").atMost(Duration.ofSeconds(30)).until(() ->
                http().get("/v1/jobs/" + job).token(ws.token()).send().json().path("status").asText().equals("completed"));
        return job;
    }

    /**
     * What a failure says can quote the customer: here Slack refuses a notification with an error naming a contact's
     * email, and an action of the customer's run is refused with a message naming the customer. Both are sealed
     * with the customer's key (they name it as their subject), so the erasure shreds them too.
     */
    @Test
    void failureMessagesAboutTheCustomerAreErasedWithIt() {
        Workspace ws = newWorkspace();
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxb-" + System.nanoTime()).status()).isEqualTo(200);
        String m = marker();
        String name = "Persona " + m;
        String email = "renee." + m + "@mail.example";
        List<String> personal = List.of(m, name, email);
        String channel = "#erasure-" + System.nanoTime();
        FakeOutsideWorld.get().script("/api/chat.postMessage", channel, FakeOutsideWorld.Reply.json(200,
                "{\"ok\": false, \"error\": \"cannot_dm: " + email + " is not a member\"}"));
        Response playbook = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Tell",
                "trigger", Map.of("type", "event", "event_type", "customer.created"),
                "actions", List.of(Map.of("type", "notify", "channel", "slack", "target", channel)),
                "enabled", true)).send();
        assertThat(playbook.status()).as(playbook.toString()).isEqualTo(201);
        String id = customer(ws, name, m + ".example");
        assertThat(http().post("/v1/customers/" + id + "/contacts").token(ws.token())
                .json(Map.of("name", "Renee", "email", email)).send().status()).isEqualTo(201);

        // the notification fails with Slack's words; then the action is refused naming the customer, as the action
        // runner records a refusal (the notify action's outcome is otherwise the notification's)
        String runs = "/v1/playbooks/" + playbook.json().path("id").asText() + "/runs";
        await("the failed notification").atMost(Duration.ofSeconds(20)).until(() -> http().get(runs).token(ws.token())
                .send().json().path("data").path(0).path("actions").path(0).path("status").asText().equals("failed"));
        String runId = http().get(runs).token(ws.token()).send().json().path("data").get(0).path("id").asText();
        commandGateway.sendAndWait(new RecordPlaybookActionOutcome(runId, 0, false, null, "action_failed",
                "Refused for " + name), MetaData.with(MetadataKeys.WORKSPACE_ID, ws.id())
                .and(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM).and(MetadataKeys.ACTOR_ID, "test")
                .and(MetadataKeys.TRACE_ID, Ids.ulid()));
        String notificationId = jdbc.sql("""
                        SELECT aggregate_identifier FROM domain_event_entry
                        WHERE payload_type = ? AND position(convert_to(?, 'UTF8') in payload) > 0""")
                .params(NotificationRequested.class.getName(), runId).query(String.class).single();
        assertThat(eventsOf(notificationId, NotificationFailed.class)).singleElement()
                .satisfies(failed -> assertThat(failed.detail()).contains(email));
        assertThat(eventsOf(runId, PlaybookActionFailed.class)).singleElement()
                .satisfies(failed -> assertThat(failed.errorMessage()).contains(name));
        // and failures stored before they named their customer (revision 1), in clear
        appendInRevision1(runId, PlaybookActionFailed.class, Map.of("error_message", "Refused for " + name));
        appendInRevision1(notificationId, NotificationRetryScheduled.class, Map.of("detail", "Slack: " + email));
        // and a completion stored before its outcome was sealed
        String taskId = http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", id, "title", "Call"))
                .send().json().path("id").asText();
        appendInRevision1(taskId, TaskCompleted.class, Map.of("customer_id", id, "task_id", taskId,
                "outcome", "Reached " + name));
        // ...and parked so in a dead letter (of a group no processor runs)
        String letter = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO dead_letter_entry (dead_letter_id, processing_group, sequence_identifier,
                            sequence_index, message_type, event_identifier, time_stamp, payload_type, payload_revision,
                            payload, meta_data, type, aggregate_identifier, sequence_number, enqueued_at)
                        SELECT ?, 'erasure-test', aggregate_identifier, 0, 'DomainEventMessage', event_identifier,
                            time_stamp, payload_type, payload_revision, payload, meta_data, type, aggregate_identifier,
                            sequence_number, ?
                        FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?""")
                .params(letter, Instant.now().toString(), taskId, TaskCompleted.class.getName()).update();
        awaitProcessorsCaughtUp();
        assertThat(foundIn(personal)).as("the failures stored in clear (the customer's own events are sealed)")
                .contains("domain_event_entry.payload");

        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp();

        assertThat(foundIn(personal)).as("columns holding a personal value after the erasure").isEmpty();
        assertThat(eventsOf(notificationId, NotificationFailed.class)).extracting(NotificationFailed::detail)
                .containsExactly(PersonalData.ERASED);
        assertThat(eventsOf(notificationId, NotificationRetryScheduled.class)).extracting(NotificationRetryScheduled::detail)
                .containsExactly(PersonalData.ERASED);
        assertThat(eventsOf(runId, PlaybookActionFailed.class)).extracting(PlaybookActionFailed::errorMessage)
                .containsExactly(PersonalData.ERASED, PersonalData.ERASED);
        assertThat(eventsOf(runId, PlaybookActionFailed.class)).extracting(PlaybookActionFailed::errorCode)
                .startsWith("action_failed");
        assertThat(eventsOf(taskId, TaskCompleted.class)).extracting(TaskCompleted::outcome)
                .containsExactly(PersonalData.ERASED);
        jdbc.sql("DELETE FROM dead_letter_entry WHERE dead_letter_id = ?").param(letter).update();
    }

    /** The events of {@code type} in an aggregate's stream, read through the event format. */
    private <T> List<T> eventsOf(String aggregateId, Class<T> type) {
        return eventStore.readEvents(aggregateId).asStream().map(e -> e.getPayload()).filter(type::isInstance)
                .map(type::cast).toList();
    }

    /**
     * Appends to a stream an event of {@code type} as its revision 1 was stored (its golden sample with {@code values}
     * set), stamped now as a write is.
     */
    private void appendInRevision1(String aggregateId, Class<?> type, Map<String, String> values) {
        try {
            ObjectNode payload = (ObjectNode) HttpClientSupport.JSON.readTree(Files.readAllBytes(
                    Path.of("src/test/resources/events", type.getName() + ".json")));
            values.forEach(payload::put);
            jdbc.sql("""
                            INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload,
                                payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                            SELECT nextval('domain_event_entry_seq'), ?, meta_data, ?, NULL, ?, ?, aggregate_identifier,
                                (SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?), type
                            FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""")
                    .params(UUID.randomUUID().toString(), HttpClientSupport.JSON.writeValueAsBytes(payload),
                            type.getName(), Instant.now().toString(), aggregateId, aggregateId)
                    .update();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every text, json and bytea column (as "table.column") that holds one of {@code values}, any case. */
    private List<String> foundIn(List<String> values) {
        List<Map<String, Object>> columns = jdbc.sql("""
                        SELECT table_name, column_name, data_type FROM information_schema.columns
                        WHERE table_schema = 'public' AND data_type IN
                            ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')""")
                .query().listOfRows();
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            String text = "bytea".equals(column.get("data_type")) ? "encode(\"" + name + "\", 'escape')"
                    : "\"" + name + "\"::text";
            for (String value : values) {
                boolean holds = jdbc.sql("SELECT EXISTS (SELECT 1 FROM \"" + table + "\" WHERE position(lower(?) in lower("
                        + text + ")) > 0)").param(value).query(Boolean.class).single();
                if (holds) {
                    found.add(table + "." + name);
                    break;
                }
            }
        }
        return found;
    }

    private void replayEveryProjection(Workspace ws) {
        JsonNode projections = http().get(PROJECTIONS).token(ws.token()).send().json().path("data");
        List<String> replayed = new ArrayList<>();
        for (JsonNode projection : projections) {
            if (projection.path("replayable").asBoolean()) {
                String name = projection.path("name").asText();
                Response replay = http().post(PROJECTIONS + "/" + name + "/replay").token(ws.token()).send();
                assertThat(replay.status()).as(name + ": " + replay).isEqualTo(202);
                replayed.add(name);
            }
        }
        assertThat(replayed).contains("customers", "tasks", "playbook-runs", "analytics-portfolio");
        await("replays over").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(http().get(PROJECTIONS).token(ws.token()).send().json().path("data"))
                        .allMatch(p -> p.path("status").asText().equals("live")));
    }

    private String customer(Workspace ws, String name, String domain) {
        Response response = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", name, "email_domain", domain)).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    private String key(Workspace ws, String role, List<String> scopes) {
        Response response = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "Key", "role", role, "scopes", scopes)).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("secret").asText();
    }

    /** Letters no fixture or generated id contains by chance. */
    private static String marker() {
        Random random = new Random();
        StringBuilder marker = new StringBuilder("qz");
        for (int i = 0; i < 8; i++) {
            marker.append((char) ('a' + random.nextInt(26)));
        }
        return marker.toString();
    }

    private static String digits() {
        return String.valueOf(1_000_000 + new Random().nextInt(8_999_999));
    }
}
