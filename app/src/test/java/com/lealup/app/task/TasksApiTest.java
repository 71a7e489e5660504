package com.lealup.app.task;

import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class TasksApiTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;

    private Workspace ws;
    private String customer;

    @BeforeEach
    void customer() {
        ws = newWorkspace();
        customer = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Acme", "email_domain", "acme.com"))
                .send().json().path("id").asText();
    }

    private Response create(Map<String, Object> body) {
        return http().post("/v1/tasks").token(ws.token()).json(body).send();
    }

    private String createId(String title) {
        Response response = create(Map.of("customer_id", customer, "title", title, "due_date", "2027-01-15",
                "priority", "high"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    @Test
    void createsATaskThatTheCustomerShowsAsPending() {
        Response created = create(Map.of("customer_id", customer, "title", "Call champion", "description", "QBR prep",
                "due_date", "2027-01-15", "priority", "high"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode task = created.json();
        String id = task.path("id").asText();
        assertThat(id).startsWith("tsk_");
        assertThat(created.header("Location")).isEqualTo("/v1/tasks/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(task.path("status").asText()).isEqualTo("pending");
        assertThat(task.path("priority").asText()).isEqualTo("high");
        assertThat(task.path("due_date").asText()).isEqualTo("2027-01-15");
        assertThat(task.path("customer_id").asText()).isEqualTo(customer);
        assertThat(task.path("tenant_id").asText()).isEqualTo(ws.id());

        JsonNode detail = http().get("/v1/customers/" + customer).token(ws.token()).send().json();
        assertThat(detail.path("pending_tasks").get(0).path("id").asText()).isEqualTo(id);
        assertThat(http().get("/v1/tasks/" + id).token(ws.token()).send().json().path("title").asText())
                .isEqualTo("Call champion");
    }

    @Test
    void theCustomerShowsItsOpenTasksByDueDateUndatedLast() {
        String later = create(Map.of("customer_id", customer, "title", "Later", "due_date", "2027-03-01")).json()
                .path("id").asText();
        create(Map.of("customer_id", customer, "title", "Undated"));
        String sooner = createId("Sooner");
        http().patch("/v1/tasks/" + sooner).token(ws.token()).json(Map.of("status", "in_progress")).send();
        String done = create(Map.of("customer_id", customer, "title", "Done", "due_date", "2026-12-01")).json()
                .path("id").asText();
        http().post("/v1/tasks/" + done + "/complete").token(ws.token()).json(Map.of("outcome", "resolved")).send();
        String other = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Other", "email_domain", "other.com")).send().json().path("id").asText();
        create(Map.of("customer_id", other, "title", "Another customer's", "due_date", "2026-12-02"));

        // the health sweep scores a new customer within seconds: the page, read once it has, carries the health
        // beside its several task rows. Its score comes with the customer's row (customers projection), its breakdown
        // from the customer-health projection: until that one has the score too, the page shows the summary alone
        // (its dimensions empty)
        JsonNode detail = await("the customer's page with its health").atMost(Duration.ofSeconds(20)).until(
                () -> http().get("/v1/customers/" + customer).token(ws.token()).send().json(),
                page -> page.path("health").path("score").isInt() && !page.path("health").path("dimensions").isEmpty());

        List<String> titles = new ArrayList<>();
        detail.path("pending_tasks").forEach(task -> titles.add(task.path("title").asText()));
        assertThat(titles).containsExactly("Sooner", "Later", "Undated");
        JsonNode first = detail.path("pending_tasks").get(0);
        assertThat(first.path("status").asText()).isEqualTo("in_progress");
        assertThat(first.path("due_date").asText()).isEqualTo("2027-01-15");
        assertThat(first.path("priority").asText()).isEqualTo("high");
        assertThat(first.path("customer_id").asText()).isEqualTo(customer);
        assertThat(detail.path("pending_tasks").get(1).path("id").asText()).isEqualTo(later);
        assertThat(detail.path("pending_tasks_total").asLong()).isEqualTo(3);
        assertThat(detail.path("health").path("dimensions")).isNotEmpty();
        assertThat(detail.path("name").asText()).isEqualTo("Acme");
    }

    /**
     * A page shows the first 50 open tasks and how many there are: a customer a playbook gave thousands of tasks
     * would answer megabytes to every read and write of it. A write's answer is the same page.
     */
    @Test
    void theCustomersPageShowsItsFirstFiftyOpenTasksAndHowManyThereAre() {
        for (int day = 1; day <= 55; day++) {
            Response created = create(Map.of("customer_id", customer, "title", "Day " + day,
                    "due_date", LocalDate.of(2027, 1, 1).plusDays(56 - day).toString()));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        create(Map.of("customer_id", customer, "title", "Undated"));

        for (JsonNode page : List.of(http().get("/v1/customers/" + customer).token(ws.token()).send().json(),
                http().patch("/v1/customers/" + customer).token(ws.token()).json(Map.of("arr", 7)).send().json())) {
            assertThat(page.path("pending_tasks_total").asLong()).isEqualTo(56);
            assertThat(page.path("pending_tasks")).hasSize(50);
            // the soonest due first: the last one created is due first
            assertThat(page.path("pending_tasks").get(0).path("title").asText()).isEqualTo("Day 55");
            assertThat(page.path("pending_tasks").get(49).path("title").asText()).isEqualTo("Day 6");
        }
    }

    @Test
    void theAssigneeDefaultsToTheCustomersOwnerAndMustBeAUser() {
        String ana = invite("ana@lealup.com");
        String bruno = invite("bruno@lealup.com");
        String owned = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Owned", "email_domain", "owned.com", "owner_email", "ANA@lealup.com")).send()
                .json().path("id").asText();

        Response task = create(Map.of("customer_id", owned, "title", "Call champion"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        assertThat(task.json().path("owner_id").asText()).isEqualTo(ana);
        assertThat(task.json().path("assignee_id").asText()).isEqualTo(ana);

        String id = task.json().path("id").asText();
        Response reassigned = http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("assignee_id", bruno)).send();
        assertThat(reassigned.json().path("assignee_id").asText()).isEqualTo(bruno);
        assertThat(titles("?assignee_id=" + bruno)).containsExactly("Call champion");
        assertThat(titles("?owner_id=" + ana)).containsExactly("Call champion");

        assertThat(http().delete("/v1/users/" + bruno).token(ws.token()).send().status()).isEqualTo(204);
        // the assignee the task has already is no change, as a customer's owner: a client sending back the task it
        // read keeps an assignee deactivated since
        Response kept = http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("assignee_id", bruno)).send();
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.header("ETag")).isEqualTo(reassigned.header("ETag"));
        assertThat(http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("assignee_id", ana)).send().status())
                .isEqualTo(200);
        Response toDeactivated = http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("assignee_id", bruno)).send();
        assertProblem(toDeactivated, 422, "unknown_assignee");
        String strangerUser = http().post("/v1/users").token(newWorkspace().token()).json(Map.of("email", "x@other.com",
                "role", "csm", "locale", "en", "timezone", "UTC")).send().json().path("id").asText();
        assertProblem(http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("assignee_id", strangerUser)).send(),
                422, "unknown_assignee");

        // null unassigns it (as a task of a customer without an owner is made), once
        Map<String, Object> unassign = new HashMap<>();
        unassign.put("assignee_id", null);
        Response unassigned = http().patch("/v1/tasks/" + id).token(ws.token()).json(unassign).send();
        assertThat(unassigned.status()).as(unassigned.toString()).isEqualTo(200);
        assertThat(unassigned.json().path("assignee_id").isNull()).isTrue();
        assertThat(unassigned.json().path("owner_id").asText()).isEqualTo(ana);
        assertThat(titles("?assignee_id=" + ana)).isEmpty();
        Response again = http().patch("/v1/tasks/" + id).token(ws.token()).json(unassign).send();
        assertThat(again.header("ETag")).as("no change").isEqualTo(unassigned.header("ETag"));
        assertThat(http().get("/v1/tasks/" + id).token(ws.token()).send().json().path("assignee_id").isNull()).isTrue();
    }

    private String invite(String email) {
        Response user = http().post("/v1/users").token(ws.token())
                .json(Map.of("email", email, "role", "csm", "locale", "es", "timezone", "America/Santiago")).send();
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        return user.json().path("id").asText();
    }

    @Test
    void completedTasksAreFinalAndLeaveTheCustomersPendingList() {
        String id = createId("Call champion");
        Response started = http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("status", "in_progress")).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().path("status").asText()).isEqualTo("in_progress");

        Response completed = http().post("/v1/tasks/" + id + "/complete").token(ws.token())
                .json(Map.of("outcome", "resolved", "notes", "Champion validó que el drop de uso era por deployment interno"))
                .send();
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(completed.json().path("status").asText()).isEqualTo("completed");
        assertThat(completed.json().path("outcome").asText()).isEqualTo("resolved");
        assertThat(completed.json().path("completed_at").asText()).endsWith("Z");
        assertThat(http().get("/v1/customers/" + customer).token(ws.token()).send().json().path("pending_tasks")).isEmpty();

        Response reopen = http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("status", "pending")).send();
        assertProblem(reopen, 409, "task_closed");
        // what the task holds already is no change of it: the task as it is, its version kept
        Response repeated = http().patch("/v1/tasks/" + id).token(ws.token())
                .json(Map.of("title", "Call champion", "priority", "high")).send();
        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
        assertThat(repeated.json().path("status").asText()).isEqualTo("completed");
        assertThat(repeated.header("ETag")).isEqualTo(completed.header("ETag"));
        assertProblem(http().post("/v1/tasks/" + id + "/complete").token(ws.token()).json(Map.of("outcome", "again"))
                .send(), 409, "task_closed");
        String skipped = createId("Skip me");
        assertThat(http().patch("/v1/tasks/" + skipped).token(ws.token()).json(Map.of("status", "skipped")).send().status())
                .isEqualTo(200);
        assertProblem(http().patch("/v1/tasks/" + skipped).token(ws.token()).json(Map.of("title", "x")).send(), 409,
                "task_closed");
        assertThat(http().patch("/v1/tasks/" + skipped).token(ws.token()).json(Map.of("status", "skipped")).send().status())
                .isEqualTo(200);
    }

    @Test
    void patchHonoursIfMatchAndClearsTheDueDate() {
        String id = createId("Call champion");
        assertProblem(http().patch("/v1/tasks/" + id).token(ws.token()).header("If-Match", "\"7\"")
                .json(Map.of("title", "x")).send(), 412, "version_mismatch");
        Map<String, Object> clear = new HashMap<>();
        clear.put("due_date", null);
        Response cleared = http().patch("/v1/tasks/" + id).token(ws.token()).header("If-Match", "\"1\"").json(clear).send();
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().path("due_date").isNull()).isTrue();
        assertThat(cleared.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void listsWithTheSeedsFilters() {
        String first = createId("First");
        String second = createId("Second");
        http().post("/v1/tasks/" + first + "/complete").token(ws.token()).json(Map.of("outcome", "done")).send();
        String other = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "B", "email_domain", "b.com"))
                .send().json().path("id").asText();
        create(Map.of("customer_id", other, "title", "Third", "due_date", "2027-03-01"));

        assertThat(titles("")).containsExactly("Third", "Second", "First");
        assertThat(titles("?status=pending")).containsExactly("Third", "Second");
        http().patch("/v1/tasks/" + second).token(ws.token()).json(Map.of("status", "in_progress")).send();
        // a comma list, as the customers' status: the open tasks in one call
        assertThat(titles("?status=pending,in_progress")).containsExactly("Third", "Second");
        assertThat(titles("?status=in_progress,completed")).containsExactly("Second", "First");
        assertThat(titles("?customer_id=" + customer)).containsExactly("Second", "First");
        assertThat(titles("?due_after=2027-02-01")).containsExactly("Third");
        assertThat(titles("?due_before=2027-02-01&status=completed")).containsExactly("First");
        assertThat(titles("?playbook_id=pbk_01JD3ZZZZZZZZZZZZZZZZZZZZZ")).isEmpty();
        Response page = http().get("/v1/tasks?limit=2").token(ws.token()).send();
        assertThat(page.json().path("has_more").asBoolean()).isTrue();
        Response next = http().get("/v1/tasks?cursor=" + page.json().path("next_cursor").asText()).token(ws.token()).send();
        assertThat(next.json().path("data").get(0).path("id").asText()).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(http().get("/v1/tasks?status=done").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/tasks?status=pending,").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/tasks?due_before=tomorrow").token(ws.token()).send().status()).isEqualTo(400);
    }

    @Test
    void rejectsBadBodiesUnknownCustomersAndStrangers() {
        assertThat(create(Map.of("title", "No customer")).status()).isEqualTo(400);
        assertThat(create(Map.of("customer_id", customer, "title", "x", "priority", "urgent")).status()).isEqualTo(400);
        Response unknownCustomer = create(Map.of("customer_id", "cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ", "title", "x"));
        assertProblem(unknownCustomer, 422, "unknown_customer");
        assertThat(unknownCustomer.json().path("errors").get(0).path("field").asText()).isEqualTo("customer_id");
        Response unknownAssignee = create(Map.of("customer_id", customer, "title", "x",
                "assignee_id", "usr_01JD3ZZZZZZZZZZZZZZZZZZZZZ"));
        assertProblem(unknownAssignee, 422, "unknown_assignee");
        String id = createId("Mine");
        assertThat(http().post("/v1/tasks/" + id + "/complete").token(ws.token()).json(Map.of("notes", "no outcome"))
                .send().status()).isEqualTo(400);
        Response nullNotes = http().post("/v1/tasks/" + id + "/complete").token(ws.token())
                .rawBody("{\"outcome\": \"done\", \"notes\": null}", "application/json").send();
        assertThat(nullNotes.status()).as(nullNotes.toString()).isEqualTo(400);
        assertThat(nullNotes.json().path("errors").get(0).path("field").asText()).isEqualTo("notes");
        assertThat(nullNotes.json().path("errors").get(0).path("code").asText()).isEqualTo("not_nullable");

        Workspace stranger = newWorkspace();
        assertThat(http().get("/v1/tasks/" + id).token(stranger.token()).send().status()).isEqualTo(404);
        assertThat(http().patch("/v1/tasks/" + id).token(stranger.token()).json(Map.of("title", "x")).send().status())
                .isEqualTo(404);
        assertThat(http().post("/v1/tasks/" + id + "/complete").token(stranger.token()).json(Map.of("outcome", "x"))
                .send().status()).isEqualTo(404);
        assertProblem(http().post("/v1/tasks").token(stranger.token()).json(Map.of("customer_id", customer, "title", "x"))
                .send(), 422, "unknown_customer");
        assertThat(http().get("/v1/tasks").token(stranger.token()).send().json().path("data")).isEmpty();
        assertThat(http().get("/v1/tasks").send().status()).isEqualTo(401);
        String viewer = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "v", "role", "viewer", "scopes", List.of("tasks:read", "tasks:write"))).send()
                .json().path("secret").asText();
        assertThat(http().get("/v1/tasks").token(viewer).send().status()).isEqualTo(200);
        assertThat(http().patch("/v1/tasks/" + id).token(viewer).json(Map.of("title", "x")).send().status()).isEqualTo(403);
    }

    @Test
    void aCreateTakesNullOnlyForAFieldWithoutADefault() {
        Map<String, Object> body = new HashMap<>(Map.of("customer_id", customer, "title", "Nulls"));
        body.put("assignee_id", null);
        body.put("priority", null);
        Response refused = create(body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        refused.json().path("errors").forEach(e -> fields.add(e.path("field").asText() + ":" + e.path("code").asText()));
        assertThat(fields).containsExactly("assignee_id:not_nullable", "priority:not_nullable");

        body.remove("assignee_id");
        body.remove("priority");
        body.put("description", null);
        body.put("due_date", null);
        Response created = create(body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("priority").asText()).isEqualTo("normal");
        assertThat(created.json().path("due_date").isNull()).isTrue();
    }

    @Test
    void anErasedCustomersTasksAreNotFoundForWritesEither() {
        String id = createId("Before the erasure");
        String done = createId("Done before the erasure");
        http().post("/v1/tasks/" + done + "/complete").token(ws.token()).json(Map.of("outcome", "resolved")).send();
        Response erased = http().delete("/v1/customers/" + customer + "?hard=true").token(ws.token()).send();
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);

        Response missing = http().get("/v1/tasks/tsk_01JD3ZZZZZZZZZZZZZZZZZZZZZ").token(ws.token()).send();
        for (Response response : List.of(http().get("/v1/tasks/" + id).token(ws.token()).send(),
                http().patch("/v1/tasks/" + id).token(ws.token()).json(Map.of("title", "After")).send(),
                http().patch("/v1/tasks/" + done).token(ws.token()).json(Map.of()).send(),
                http().post("/v1/tasks/" + id + "/complete").token(ws.token()).json(Map.of("outcome", "x")).send())) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().path("type").asText()).isEqualTo(missing.json().path("type").asText());
        }
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(id)
                .query(Long.class).single()).as("nothing more is written about the task").isEqualTo(1);
    }

    private List<String> titles(String query) {
        Response response = http().get("/v1/tasks" + query).token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        response.json().path("data").forEach(t -> titles.add(t.path("title").asText()));
        return titles;
    }
}
