package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.PersonalData;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.EraseCustomer;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.UpdateCustomer;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.CapturedLog;
import io.micrometer.core.instrument.MeterRegistry;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A poison event (one a projection cannot store: a NUL in a name, which PostgreSQL refuses) sent around the HTTP
 * edge, straight through the command bus, as an event stored by an older version would arrive. It parks its own
 * customer's sequence; every other customer, of every workspace, goes on; health, metrics and the operator API
 * show it; the operator can retry and evict it.
 */
class PoisonEventTest extends ApiTest {

    @Autowired
    private CommandGateway commandGateway;
    @Autowired
    private MeterRegistry meters;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final List<String> poisoned = new ArrayList<>();

    @AfterEach
    void evictWhatThisTestParked() {
        for (JsonNode sequence : deadLetters(null)) {
            if (poisoned.contains(sequence.path("sequence_id").asText())) {
                operator(http().delete(path(sequence)));
            }
        }
    }

    @Test
    void aPoisonEventParksItsOwnCustomerAndEveryoneElseGoesOn() {
        Workspace a = newWorkspace();
        Workspace b = newWorkspace();
        // a good customer, the poison, a later change of the poisoned customer, another good one: one batch
        String before = createDirectly(a, "Before Ltd", domain("before"));
        String poison = createDirectly(a, "Poison\u0000Corp", domain("poison"));
        poisoned.add(poison);
        commandGateway.sendAndWait(new UpdateCustomer(poison, a.id(), null,
                fields("Poison Corp renamed", null), Set.of(), null), metadata(a));
        String after = createDirectly(a, "After Ltd", domain("after"));

        // the customers projection goes on: the rest of the batch, then new writes of both workspaces
        await(() -> http().get("/v1/customers/" + after).token(a.token()).send().status() == 200);
        assertThat(http().get("/v1/customers/" + before).token(a.token()).send().status()).isEqualTo(200);
        for (Workspace ws : List.of(a, b)) {
            Response created = http().post("/v1/customers").token(ws.token())
                    .json(Map.of("name", "Fresh", "email_domain", domain("fresh"))).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("name").asText()).isEqualTo("Fresh");
        }

        // parked: the poison and the change behind it, in order
        JsonNode parked = await(() -> sequenceOf("customers", poison), s -> s != null && s.path("letters").asLong() == 2);
        assertThat(parked.path("event").path("type").asText()).endsWith("CustomerCreated");
        assertThat(parked.path("event").path("workspace_id").asText()).isEqualTo(a.id());
        assertThat(parked.path("event").path("aggregate_id").asText()).isEqualTo(poison);
        assertThat(parked.path("cause").path("type").asText()).isNotBlank();
        assertThat(parked.path("cause").path("message").asText()).doesNotContain("Poison");
        assertThat(http().get("/v1/customers/" + poison).token(a.token()).send().status()).isEqualTo(404);

        // visible in health (DEGRADED, naming the processor), readiness and metrics
        Response health = operator(http().get("/actuator/health"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("DEGRADED");
        JsonNode customers = health.json().at("/components/eventProcessors/details/processors/customers");
        assertThat(customers.path("dead_letter_sequences").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(customers.path("dead_letters").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(customers.path("status").asText()).isEqualTo("running");
        Response readiness = http().get("/actuator/health/readiness").send();
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("DEGRADED");
        // (Spring Boot tests do not export to Prometheus; the gauge it would scrape)
        assertThat(meters.get("lealup.dead.letters").tag("processing_group", "customers").gauge().value())
                .isGreaterThanOrEqualTo(2);

        // a retry fails again and keeps the sequence whole; an eviction drops it
        Response retried = operator(http().post("/v1/admin/dead-letters/customers/" + poison + "/retry"));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().path("remaining").asLong()).isEqualTo(2);
        assertThat(operator(http().delete("/v1/admin/dead-letters/customers/" + poison)).status()).isEqualTo(204);
        assertThat(sequenceOf("customers", poison)).isNull();
        assertThat(operator(http().delete("/v1/admin/dead-letters/customers/" + poison)).status()).isEqualTo(404);
        assertThat(operator(http().post("/v1/admin/dead-letters/customers/" + poison + "/retry")).status())
                .isEqualTo(404);
    }

    @Test
    void aRetryAppliesASequenceThatCanNowBeHandled() {
        Workspace a = newWorkspace();
        // the poison is in a field stored in clear (a name is sealed with the customer's key, docs/gdpr-erasure.md)
        String poison = Ids.next(Ids.CUSTOMER);
        commandGateway.sendAndWait(new CreateCustomer(poison, a.id(), new CustomerFields("Poison Corp", domain("retry"),
                BigDecimal.TEN, "USD", "active", null, null, null, "pipe\u0000line", Map.of()), null), metadata(a));
        poisoned.add(poison);
        await(() -> sequenceOf("customers", poison), s -> s != null);
        // what the handler refused is now fixed by hand, as an operator would after deploying a fix: here the
        // letter's payload is repaired in place (the only way to make the same event pass in a test)
        jdbc("UPDATE dead_letter_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '\\u0000', ''), 'UTF8')"
                + " WHERE sequence_identifier = '" + poison + "'");
        Response retried = operator(http().post("/v1/admin/dead-letters/customers/" + poison + "/retry"));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().path("remaining").asLong()).isZero();
        Response customer = http().get("/v1/customers/" + poison).token(a.token()).send();
        assertThat(customer.status()).isEqualTo(200);
        assertThat(customer.json().path("name").asText()).isEqualTo("Poison Corp");
        assertThat(customer.json().path("forecast_category").asText()).isEqualTo("pipeline");
    }

    /**
     * A letter parked before causes were kept without values (docs/gdpr-erasure.md) can quote its customer: PostgreSQL's
     * detail of the row, here. The customer's erasure leaves none of it; the failure's type stays.
     */
    @Test
    void theErasureOfACustomerLeavesNoValueInTheCausesOfItsLetters() {
        Workspace a = newWorkspace();
        String name = "Persona Qz" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String poison = Ids.next(Ids.CUSTOMER);
        commandGateway.sendAndWait(new CreateCustomer(poison, a.id(), new CustomerFields(name, domain("erased"),
                BigDecimal.TEN, "USD", "active", null, null, null, "pipe\u0000line", Map.of()), null), metadata(a));
        poisoned.add(poison);
        await(() -> sequenceOf("customers", poison), s -> s != null);
        jdbc("UPDATE dead_letter_entry SET cause_message = 'Failing row contains (" + poison + ", " + name + ")'"
                + " WHERE sequence_identifier = '" + poison + "'");
        assertThat(sequenceOf("customers", poison).path("cause").path("message").asText()).contains(name);

        commandGateway.sendAndWait(new EraseCustomer(poison, a.id()), metadata(a));

        JsonNode parked = await(() -> sequenceOf("customers", poison),
                s -> s.path("cause").path("message").asText().equals(PersonalData.ERASED));
        assertThat(parked.path("cause").path("type").asText()).isNotBlank();
        assertThat(jdbcTemplate.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE position(? in cause_message) > 0",
                Long.class, name)).isZero();
    }

    @Test
    void onlyTheOperatorManagesDeadLetters() {
        Workspace a = newWorkspace();
        assertThat(http().get("/v1/admin/dead-letters").send().status()).isEqualTo(401);
        assertThat(http().get("/v1/admin/dead-letters").token(a.token()).send().status()).isEqualTo(403);
        assertThat(http().delete("/v1/admin/dead-letters/customers/cus_x").token(a.token()).send().status()).isEqualTo(403);
        Response list = operator(http().get("/v1/admin/dead-letters?limit=1"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().has("data")).isTrue();
        assertThat(operator(http().get("/v1/admin/dead-letters?limit=500")).status()).isEqualTo(400);
        assertThat(operator(http().get("/v1/admin/dead-letters?cursor=nonsense")).status()).isEqualTo(400);
    }

    /**
     * A playbook run whose actions fail (here: the database refuses the customer's tasks, as a trigger's error) is
     * parked as a letter of {@code playbook-actions} under its customer; the customer's later runs wait for it (queued
     * before the park, or joining the letter after it), every other customer's is done; once the cause is gone, the
     * operator's retry queues the runs again at their places, and all are done, in order.
     */
    @Test
    void aPlaybookRunThatFailsIsParkedAndItsCustomersLaterRunsWaitForIt() {
        Workspace a = newWorkspace();
        taskOnEveryLogin(a);
        String poison = customer(a, "Refused");
        String fine = customer(a, "Fine");
        poisoned.add(poison);
        refuseTasksOf(poison);
        try {
            // both runs queued by one batch of the policy: the second cannot come after the first was parked
            String trace = login(a, poison, 120, 60);
            login(a, fine, 60);

            JsonNode parked = await(() -> sequenceOf("playbook-actions", poison), s -> s != null);
            assertThat(log.events()).filteredOn(line -> line.getFormattedMessage().contains("parked as a dead letter"))
                    .as("the run's WARN names the request that caused it").singleElement()
                    .satisfies(line -> assertThat(line.getMDCPropertyMap()).containsEntry("trace_id", trace));
            assertThat(parked.path("letters").asLong()).isEqualTo(1);
            assertThat(parked.path("event").path("type").asText()).endsWith("PlaybookTriggered");
            assertThat(parked.path("event").path("workspace_id").asText()).isEqualTo(a.id());
            assertThat(parked.path("cause").path("message").asText()).doesNotContain(poison);
            await(() -> tasksOf(a, fine).size() == 1);
            assertThat(tasksOf(a, poison)).isEmpty();
            assertThat(queuedRunsOf(poison)).as("the later run waits for the parked one").isEqualTo(1);
            // a run matched after the park joins the letter, as a parked sequence's later event does
            login(a, poison, 30);
            await(() -> sequenceOf("playbook-actions", poison), s -> s != null && s.path("letters").asLong() == 2);
            assertThat(queuedRunsOf(poison)).isEqualTo(1);
        } finally {
            acceptTasksAgain();
        }

        Response retried = operator(http().post("/v1/admin/dead-letters/playbook-actions/" + poison + "/retry"));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().path("remaining").asLong()).isZero();
        List<JsonNode> tasks = await(() -> tasksOf(a, poison), done -> done.size() == 3);
        List<String> runsInTaskOrder = tasks.stream().sorted(java.util.Comparator.comparing(
                (JsonNode task) -> Instant.parse(task.path("created_at").asText()))).map(task -> task.path(
                "playbook_run_id").asText()).toList();
        assertThat(runsInTaskOrder).as("the parked run first, then the runs that waited for it")
                .containsExactlyElementsOf(runsOf(a, poison));
        assertThat(queuedRunsOf(poison)).isZero();
    }

    @Test
    void anEvictedRunFailsItsActionsAsDroppedAndTheCustomersWaitingRunsGoOn() {
        Workspace a = newWorkspace();
        String playbookId = taskOnEveryLogin(a);
        String poison = customer(a, "Evicted");
        poisoned.add(poison);
        refuseTasksOf(poison);
        try {
            login(a, poison, 120, 60);
            await(() -> sequenceOf("playbook-actions", poison), s -> s != null);
            await(() -> queuedRunsOf(poison) == 1);
        } finally {
            acceptTasksAgain();
        }

        Response evicted = operator(http().delete("/v1/admin/dead-letters/playbook-actions/" + poison));
        assertThat(evicted.status()).as(evicted.toString()).isEqualTo(204);
        List<String> runs = runsOf(a, poison);
        JsonNode dropped = await(() -> runActions(a, playbookId, runs.get(0)),
                actions -> actions != null && "failed".equals(actions.path(0).path("status").asText()));
        assertThat(dropped.path(0).path("error").asText()).isEqualTo("dropped");
        List<JsonNode> tasks = await(() -> tasksOf(a, poison), done -> done.size() == 1);
        assertThat(tasks.get(0).path("playbook_run_id").asText()).as("the run queued before the park goes on")
                .isEqualTo(runs.get(1));
        // the runs' list is a projection of its own, which lingers behind the tasks'
        await(() -> runActions(a, playbookId, runs.get(1)),
                actions -> actions != null && "succeeded".equals(actions.path(0).path("status").asText()));
        assertThat(sequenceOf("playbook-actions", poison)).isNull();
    }

    /** A playbook whose run makes a task for the customer's owner on every login. */
    private String taskOnEveryLogin(Workspace ws) {
        Response playbook = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "On login",
                "trigger", Map.of("type", "event", "event_type", "login"),
                "actions", List.of(Map.of("type", "create_task", "title", "Say hello", "assignee", "owner")),
                "enabled", true)).send();
        assertThat(playbook.status()).as(playbook.toString()).isEqualTo(201);
        return playbook.json().path("id").asText();
    }

    /** The store refuses the customer's tasks, as a failure no retry mends, until {@link #acceptTasksAgain()}. */
    private void refuseTasksOf(String customerId) {
        jdbc("CREATE FUNCTION refuse_poison_tasks() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'tasks of this customer refused'; END $$");
        jdbc("CREATE TRIGGER refuse_poison_tasks BEFORE INSERT ON domain_event_entry FOR EACH ROW WHEN "
                + "(NEW.payload_type = 'com.lealup.api.task.TaskCreated' AND "
                + "position('" + customerId + "' IN convert_from(NEW.payload, 'UTF8')) > 0) "
                + "EXECUTE FUNCTION refuse_poison_tasks()");
    }

    private void acceptTasksAgain() {
        jdbc("DROP TRIGGER refuse_poison_tasks ON domain_event_entry");
        jdbc("DROP FUNCTION refuse_poison_tasks()");
    }

    /** The actions of one run, as the playbook's runs list them; null while the run is not listed. */
    private JsonNode runActions(Workspace ws, String playbookId, String runId) {
        Response runs = http().get("/v1/playbooks/" + playbookId + "/runs?limit=100").token(ws.token()).send();
        assertThat(runs.status()).as(runs.toString()).isEqualTo(200);
        for (JsonNode run : runs.json().path("data")) {
            if (run.path("id").asText().equals(runId)) {
                return run.path("actions");
            }
        }
        return null;
    }

    private String customer(Workspace ws, String name) {
        Response created = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", name, "email_domain", domain(name.toLowerCase(java.util.Locale.ROOT)))).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    /** Answers the request's trace id. */
    /** A request of logins of the customer, one per {@code secondsAgo}; its trace id. */
    private String login(Workspace ws, String customerId, int... secondsAgo) {
        List<Map<String, String>> logins = Arrays.stream(secondsAgo).mapToObj(ago -> Map.of("type", "login",
                "customer_id", customerId, "timestamp", clock.instant().minusSeconds(ago).toString())).toList();
        Response sent = http().post("/v1/events").token(ws.token()).json(Map.of("events", logins)).send();
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        return sent.header("X-Trace-Id");
    }

    private List<JsonNode> tasksOf(Workspace ws, String customerId) {
        List<JsonNode> tasks = new ArrayList<>();
        http().get("/v1/tasks?customer_id=" + customerId).token(ws.token()).send().json().path("data")
                .forEach(tasks::add);
        return tasks;
    }

    /** The customer's runs, in the order they matched (the store's). */
    private List<String> runsOf(Workspace ws, String customerId) {
        return jdbcTemplate.queryForList("""
                SELECT aggregate_identifier FROM domain_event_entry
                WHERE payload_type = 'com.lealup.api.playbook.PlaybookTriggered'
                  AND position(? IN convert_from(payload, 'UTF8')) > 0
                ORDER BY global_index""", String.class, customerId);
    }

    private long queuedRunsOf(String customerId) {
        return jdbcTemplate.queryForObject("SELECT count(*) FROM playbook_run_queue WHERE customer_id = ?", Long.class,
                customerId);
    }

    @Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;

    private void jdbc(String sql) {
        jdbcTemplate.update(sql);
    }

    private String createDirectly(Workspace ws, String name, String domain) {
        String id = Ids.next(Ids.CUSTOMER);
        commandGateway.sendAndWait(new CreateCustomer(id, ws.id(), fields(name, domain), null), metadata(ws));
        return id;
    }

    private static String domain(String name) {
        return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".com";
    }

    private static CustomerFields fields(String name, String domain) {
        return new CustomerFields(name, domain, domain == null ? null : BigDecimal.TEN, domain == null ? null : "USD",
                domain == null ? null : "active", null, null, null, domain == null ? null : "pipeline",
                domain == null ? null : Map.of());
    }

    private static MetaData metadata(Workspace ws) {
        return MetaData.with(MetadataKeys.WORKSPACE_ID, ws.id())
                .and(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                .and(MetadataKeys.ACTOR_ID, "poison-test");
    }

    private JsonNode sequenceOf(String group, String sequenceId) {
        for (JsonNode sequence : deadLetters(group)) {
            if (sequence.path("sequence_id").asText().equals(sequenceId)) {
                return sequence;
            }
        }
        return null;
    }

    private List<JsonNode> deadLetters(String group) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Response page = operator(http().get("/v1/admin/dead-letters?limit=200"
                    + (group == null ? "" : "&processing_group=" + group)
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("data").forEach(all::add);
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        return all;
    }

    private static String path(JsonNode sequence) {
        return "/v1/admin/dead-letters/" + sequence.path("processing_group").asText() + "/"
                + sequence.path("sequence_id").asText();
    }

    private Response operator(com.lealup.app.support.HttpClientSupport.Call call) {
        return call.token(OPERATOR_TOKEN).send();
    }

    private static void await(Supplier<Boolean> condition) {
        await(condition::get, ok -> ok);
    }

    private static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            assertThat(Instant.now()).as("waiting for the processors").isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
