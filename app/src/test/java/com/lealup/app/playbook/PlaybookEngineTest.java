package com.lealup.app.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.MetadataKeys;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.automation.playbook.PlaybookDaySweep;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The engine's semantics, driven through the API with the server's clock: edges, re-arming, cooldown, enabling. */
class PlaybookEngineTest extends ApiTest {

    @Autowired
    private PlaybookDaySweep daySweep;
    @Autowired
    private EventProcessingConfiguration processing;

    private Workspace ws;
    private PlaybookCalls calls;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
        calls = new PlaybookCalls(http(), ws);
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    /**
     * On two segments (a shared database) a playbook's creation and a customer's, handled concurrently, could each
     * miss the other's uncommitted row, and the customer would never fire: the engine orders a workspace's events,
     * whichever aggregate (or none) they come from.
     */
    @Test
    void aWorkspacesEventsAreOneSequenceOfTheEngine() {
        SequencingPolicy<? super EventMessage<?>> policy = processing.sequencingPolicy("playbook-engine");
        MetaData workspace = MetaData.with(MetadataKeys.WORKSPACE_ID, "wsp_one");
        Object playbook = policy.getSequenceIdentifierFor(
                new GenericDomainEventMessage<>("Playbook", "pbk_1", 0, "created", workspace));
        Object customer = policy.getSequenceIdentifierFor(
                new GenericDomainEventMessage<>("Customer", "cus_1", 0, "created", workspace));
        Object usage = policy.getSequenceIdentifierFor(GenericEventMessage.asEventMessage("recorded")
                .andMetaData(workspace));
        Object otherWorkspace = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Customer", "cus_2", 0,
                "created", MetaData.with(MetadataKeys.WORKSPACE_ID, "wsp_two")));
        assertThat(customer).isEqualTo(playbook).isEqualTo(usage).isNotEqualTo(otherWorkspace);
    }

    @Test
    void firesWhenTheConditionBecomesTrueAndAgainOnlyAfterItWasFalse() throws InterruptedException {
        String playbook = calls.conditionPlaybook("arr > 1000", true, 0);
        String customer = calls.customer(Map.of("name", "Acme", "email_domain", "acme.com", "arr", 500));

        calls.patchCustomer(customer, Map.of("arr", 2000));
        calls.awaitRuns(playbook, runs -> runs.size() == 1);
        calls.patchCustomer(customer, Map.of("arr", 3000));
        calls.patchCustomer(customer, Map.of("name", "Acme Inc"));
        calls.patchCustomer(customer, Map.of("arr", 100));
        calls.patchCustomer(customer, Map.of("arr", 5000));

        List<JsonNode> runs = calls.awaitRuns(playbook, r -> r.size() == 2);
        awaitProcessorsCaughtUp();
        runs = calls.runs(playbook);
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("snapshot").toString()).isEqualTo("{\"arr\":5000}");
        assertThat(runs.get(1).path("snapshot").toString()).isEqualTo("{\"arr\":2000}");
        assertThat(runs.get(0).path("customer_id").asText()).isEqualTo(customer);
        assertThat(runs.get(0).path("id").asText()).startsWith("run_");
        assertThat(runs.get(0).path("matched_at").asText()).endsWith("Z");
    }

    @Test
    void decimalsCompareAndShowExactlyAsSent() throws InterruptedException {
        // both 999999999999999.85 and .9 are the same double: read as doubles, the second playbook matched
        String above = calls.conditionPlaybook("custom_fields.x > 999999999999999.8 AND arr > 999999999999999.8", true, 0);
        String equal = calls.conditionPlaybook("custom_fields.x == 999999999999999.9", true, 0);
        calls.customer(Map.of("name", "Precise", "email_domain", "precise.com", "arr", new BigDecimal("999999999999999.85"),
                "custom_fields", Map.of("x", new BigDecimal("999999999999999.85"))));
        calls.awaitRuns(above, runs -> runs.size() == 1);
        awaitProcessorsCaughtUp();
        assertThat(calls.runs(equal)).isEmpty();
        String runs = http().get("/v1/playbooks/" + above + "/runs").token(ws.token()).send().rawBody();
        assertThat(runs).contains("\"custom_fields.x\":999999999999999.85", "\"arr\":999999999999999.85");
    }

    @Test
    void cooldownSwallowsATransitionInsideIt() throws InterruptedException {
        String playbook = calls.conditionPlaybook("arr > 1000", true, 10);
        String customer = calls.customer(Map.of("name", "Acme", "email_domain", "acme.com", "arr", 2000));
        calls.awaitRuns(playbook, runs -> runs.size() == 1);

        calls.patchCustomer(customer, Map.of("arr", 100));
        calls.patchCustomer(customer, Map.of("arr", 2000));
        clock.advance(Duration.ofDays(9));
        calls.patchCustomer(customer, Map.of("arr", 100));
        calls.patchCustomer(customer, Map.of("arr", 2000));
        awaitProcessorsCaughtUp();
        assertThat(calls.runs(playbook)).hasSize(1);

        clock.advance(Duration.ofDays(2));
        calls.patchCustomer(customer, Map.of("arr", 100));
        calls.patchCustomer(customer, Map.of("arr", 2500));
        List<JsonNode> runs = calls.awaitRuns(playbook, r -> r.size() == 2);
        assertThat(runs.get(0).path("snapshot").path("arr").asInt()).isEqualTo(2500);
    }

    @Test
    void aNewlyEnabledPlaybookFiresOnceForEveryMatchingCustomerAndADisabledOneNever() throws InterruptedException {
        String big = calls.customer(Map.of("name", "Big", "email_domain", "big.com", "arr", 5000));
        String bigger = calls.customer(Map.of("name", "Bigger", "email_domain", "bigger.com", "arr", 9000));
        String small = calls.customer(Map.of("name", "Small", "email_domain", "small.com", "arr", 10));
        String playbook = calls.conditionPlaybook("arr > 1000", false, 0);
        calls.patchCustomer(small, Map.of("arr", 2000));
        calls.patchCustomer(small, Map.of("arr", 10));

        enable(playbook, true);
        List<JsonNode> runs = calls.awaitRuns(playbook, r -> r.size() == 2);
        assertThat(runs).extracting(r -> r.path("customer_id").asText()).containsExactlyInAnyOrder(big, bigger);
        http().patch("/v1/playbooks/" + playbook).token(ws.token()).json(Map.of("name", "Renamed")).send();

        enable(playbook, false);
        calls.patchCustomer(small, Map.of("arr", 3000));
        calls.patchCustomer(big, Map.of("arr", 1));
        calls.patchCustomer(big, Map.of("arr", 6000));
        awaitProcessorsCaughtUp();
        assertThat(calls.runs(playbook)).hasSize(2);

        // enabled again: once more for each customer matching now
        enable(playbook, true);
        runs = calls.awaitRuns(playbook, r -> r.size() == 5);
        assertThat(runs.subList(0, 3)).extracting(r -> r.path("customer_id").asText())
                .containsExactlyInAnyOrder(big, bigger, small);
        awaitProcessorsCaughtUp();
        assertThat(calls.runs(playbook)).hasSize(5);
    }

    @Test
    void daysToRenewalIsEvaluatedEveryDayByTheSweep() throws InterruptedException {
        LocalDate today = LocalDate.now(clock);
        String customer = calls.customer(Map.of("name", "Renews", "email_domain", "renews.com",
                "renewal_date", today.plusDays(100).toString()));
        String condition = calls.conditionPlaybook("days_to_renewal <= 30", true, 0);
        String renewal = calls.playbook(Map.of("name", "Renewal in 30 days",
                "trigger", Map.of("type", "renewal", "days_before", 30),
                "actions", List.of(Map.of("type", "notify", "channel", "webhook", "target", "https://hooks.example.com/x")),
                "enabled", true));
        awaitProcessorsCaughtUp();
        assertThat(calls.runs(condition)).isEmpty();
        assertThat(calls.runs(renewal)).isEmpty();

        clock.advance(Duration.ofDays(75));
        daySweep.sweep();

        List<JsonNode> runs = calls.awaitRuns(condition, r -> r.size() == 1);
        assertThat(runs.get(0).path("customer_id").asText()).isEqualTo(customer);
        assertThat(runs.get(0).path("snapshot").toString()).isEqualTo("{\"days_to_renewal\":25}");
        List<JsonNode> renewalRuns = calls.awaitRuns(renewal, r -> r.size() == 1);
        assertThat(renewalRuns.get(0).path("actions").get(0).path("status").asText()).isEqualTo("pending");
        assertThat(LocalDate.ofInstant(java.time.Instant.parse(runs.get(0).path("matched_at").asText()), ZoneOffset.UTC))
                .isEqualTo(today.plusDays(75));

        daySweep.sweep();
        awaitProcessorsCaughtUp();
        assertThat(calls.runs(condition)).hasSize(1);
    }

    @Test
    void eventPlaybooksFireOnTheirEventAndActionsDoTheirWork() throws InterruptedException {
        String playbook = calls.playbook(Map.of("name", "Welcome",
                "trigger", Map.of("type", "event", "event_type", "customer.created"),
                "actions", List.of(
                        Map.of("type", "set_custom_field", "key", "onboarding", "value", "started"),
                        Map.of("type", "create_task", "title", "Kick-off", "assignee", "owner", "due_in_days", 7),
                        Map.of("type", "notify", "channel", "slack", "target", "#cs-alerts")),
                "enabled", true));
        String customer = calls.customer(Map.of("name", "New", "email_domain", "new.com"));

        List<JsonNode> runs = calls.awaitRuns(playbook, r -> r.size() == 1
                && r.get(0).path("actions").get(1).path("status").asText().equals("succeeded")
                && r.get(0).path("actions").get(0).path("status").asText().equals("succeeded")
                && !r.get(0).path("actions").get(2).path("status").asText().equals("pending"));
        JsonNode run = runs.get(0);
        assertThat(run.path("snapshot").toString()).isEqualTo("{\"event_type\":\"customer.created\"}");
        String taskId = run.path("actions").get(1).path("task_id").asText();
        JsonNode task = http().get("/v1/tasks/" + taskId).token(ws.token()).send().json();
        assertThat(task.path("playbook_id").asText()).isEqualTo(playbook);
        assertThat(task.path("playbook_run_id").asText()).isEqualTo(run.path("id").asText());
        assertThat(task.path("due_date").asText()).isEqualTo(LocalDate.now(clock).plusDays(7).toString());
        assertThat(run.path("actions").get(2).path("type").asText()).isEqualTo("notify");
        // this workspace has no Slack connection: the notification fails without blocking the other actions
        assertThat(run.path("actions").get(2).path("status").asText()).isEqualTo("failed");
        assertThat(run.path("actions").get(2).path("error").asText()).isEqualTo("integration_not_connected");
        assertThat(http().get("/v1/customers/" + customer).token(ws.token()).send().json()
                .path("custom_fields").path("onboarding").asText()).isEqualTo("started");

        String onCompletion = calls.playbook(Map.of("name", "After a task",
                "trigger", Map.of("type", "event", "event_type", "task.completed"),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "followed_up", "value", true)),
                "enabled", true));
        http().post("/v1/tasks/" + taskId + "/complete").token(ws.token()).json(Map.of("outcome", "done")).send();
        List<JsonNode> completionRuns = calls.awaitRuns(onCompletion, r -> r.size() == 1);
        assertThat(completionRuns.get(0).path("snapshot").path("task_id").asText()).isEqualTo(taskId);
    }

    @Test
    void ingestedEventsFireEventPlaybooksWithinTheirCooldown() throws InterruptedException {
        String playbook = calls.playbook(Map.of("name", "Ticket opened",
                "trigger", Map.of("type", "event", "event_type", "support.ticket_opened"),
                "actions", List.of(Map.of("type", "notify", "channel", "slack", "target", "#support")),
                "enabled", true, "cooldown_days", 1));
        String customer = calls.customer(Map.of("name", "Tickets", "email_domain", "tickets.com"));
        List<Map<String, Object>> tickets = List.of(
                ticket(customer, Duration.ofMinutes(2)), ticket(customer, Duration.ofMinutes(1)));

        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", tickets)).send().status())
                .isEqualTo(202);
        List<JsonNode> runs = calls.awaitRuns(playbook, r -> r.size() == 1);
        assertThat(runs.get(0).path("snapshot").path("event_type").asText()).isEqualTo("support.ticket_opened");
        assertThat(runs.get(0).path("snapshot").path("event_id").asText()).startsWith("evt_");

        clock.advance(Duration.ofDays(1).plusMinutes(5));
        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events",
                List.of(ticket(customer, Duration.ofMinutes(1))))).send().status()).isEqualTo(202);
        calls.awaitRuns(playbook, r -> r.size() == 2);
    }

    @Test
    void anIngestedBatchFiresAnEventPlaybookWithoutCooldownOncePerEvent() throws InterruptedException {
        String playbook = calls.playbook(Map.of("name", "Logged in",
                "trigger", Map.of("type", "event", "event_type", "login"),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "seen_login", "value", true)),
                "enabled", true));
        String customer = calls.customer(Map.of("name", "Logins", "email_domain", "logins.com"));
        String at = clock.instant().minusSeconds(5).toString();
        List<Map<String, Object>> logins = List.of(
                Map.of("type", "login", "customer_id", customer, "timestamp", clock.instant().minusSeconds(10).toString()),
                Map.of("type", "login", "customer_id", customer, "timestamp", at),
                Map.of("type", "login", "customer_id", customer, "timestamp", at));

        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", logins)).send().json()
                .path("accepted").asInt()).isEqualTo(3);
        calls.awaitRuns(playbook, r -> r.size() == 3);
        awaitProcessorsCaughtUp();

        List<String> stored = new ArrayList<>();
        http().get("/v1/events?customer_id=" + customer).token(ws.token()).send().json().path("data")
                .forEach(event -> stored.add(event.path("id").asText()));
        assertThat(calls.runs(playbook)).extracting(run -> run.path("snapshot").path("event_id").asText())
                .as("one run per event, each naming its own").containsExactlyInAnyOrderElementsOf(stored)
                .hasSize(3);
    }

    private Map<String, Object> ticket(String customer, Duration ago) {
        return Map.of("type", "support.ticket_opened", "customer_id", customer,
                "timestamp", clock.instant().minus(ago).toString(), "properties", Map.of("priority", "high"));
    }

    @Test
    void aFailingActionIsRecordedAndTheOthersStillRun() throws InterruptedException {
        String ana = http().post("/v1/users").token(ws.token()).json(Map.of("email", "ana@lealup.com", "role", "csm",
                "locale", "es", "timezone", "UTC")).send().json().path("id").asText();
        String playbook = calls.playbook(Map.of("name", "Two tasks",
                "trigger", Map.of("type", "condition", "expression", "custom_fields.risk == true"),
                "actions", List.of(
                        Map.of("type", "create_task", "title", "For Ana", "assignee", ana),
                        Map.of("type", "create_task", "title", "For the owner", "assignee", "owner")),
                "enabled", true));
        assertThat(http().delete("/v1/users/" + ana).token(ws.token()).send().status()).isEqualTo(204);
        calls.customer(Map.of("name", "Risky", "email_domain", "risky.com", "custom_fields", Map.of("risk", true)));

        JsonNode run = onlyRunDone(playbook);
        assertThat(run.path("actions").get(0).path("status").asText()).isEqualTo("failed");
        assertThat(run.path("actions").get(0).path("error").asText()).isEqualTo("unknown_assignee");
        assertThat(run.path("actions").get(1).path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("snapshot").toString()).isEqualTo("{\"custom_fields.risk\":true}");
    }

    /**
     * A refusal by an aggregate the runner's command loaded (a customer that holds 100 custom fields already) is
     * recorded as the action's failure, and the run is done once: its other action makes one task.
     */
    @Test
    void anActionRefusedByTheCustomerItLoadedFailsAloneAndTheRunIsDoneOnce() throws InterruptedException {
        String playbook = calls.playbook(Map.of("name", "Field then task",
                "trigger", Map.of("type", "event", "event_type", "customer.created"),
                "actions", List.of(
                        Map.of("type", "set_custom_field", "key", "one_more", "value", true),
                        Map.of("type", "create_task", "title", "Call them", "assignee", "owner")),
                "enabled", true));
        Map<String, Object> full = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            full.put("field_" + i, i);
        }
        String customer = calls.customer(Map.of("name", "Full", "email_domain", "full-fields.com",
                "custom_fields", full));

        JsonNode run = onlyRunDone(playbook);
        assertThat(run.path("actions").get(0).path("error").asText()).isEqualTo("too_many_custom_fields");
        assertThat(run.path("actions").get(1).path("status").asText()).isEqualTo("succeeded");
        awaitProcessorsCaughtUp();
        assertThat(http().get("/v1/tasks?customer_id=" + customer).token(ws.token()).send().json().path("data"))
                .as("one task: the run was done once").hasSize(1);
    }

    /** The playbook's one run, once none of its actions is pending. */
    private JsonNode onlyRunDone(String playbook) {
        return calls.awaitRuns(playbook, r -> r.size() == 1 && r.get(0).path("actions").findValuesAsText("status")
                .stream().noneMatch("pending"::equals)).get(0);
    }

    private void enable(String playbook, boolean enabled) {
        assertThat(http().patch("/v1/playbooks/" + playbook).token(ws.token()).json(Map.of("enabled", enabled)).send()
                .status()).isEqualTo(200);
    }
}
