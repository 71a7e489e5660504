package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.app.LealUpApplication;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Call;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * A write that committed never answers an error because its read model lags: with the projection's processor
 * stopped, every write answers 202 with Location and {@code {id, version, status}} (DELETE 204, but for
 * revocations, whose effect is not there yet, nor while another node's credential cache lags), an idempotent
 * replay answers the same, and the write shows once the processor runs again. A server of its own: a short
 * read-your-writes timeout, and stopped processors disturb nobody else's tests.
 */
@SpringBootTest(classes = LealUpApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "lealup.data-dir=" + ReadModelLagApiTest.DATA_DIR,
                "lealup.db.embedded.durable=false",
                "lealup.operator-token=" + ApiTest.OPERATOR_TOKEN,
                "lealup.bootstrap-token=" + ApiTest.BOOTSTRAP_TOKEN,
                // long enough for a running projection on a busy build machine, short for a stopped one
                "lealup.http.read-your-writes-timeout=1s",
                "lealup.webhooks.allowed-hosts=localhost",
        })
class ReadModelLagApiTest extends ApiTest {

    static final String DATA_DIR = "target/test-data-lag";

    static {
        FileSystemUtils.deleteRecursively(Path.of(DATA_DIR).toFile());
    }

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private JdbcTemplate jdbc;

    private Workspace ws;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    @Test
    void customerAndContactWritesAnswerTheirOwnResultAndShowOnceTheProjectionRuns() {
        String existing = created(http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Acme", "email_domain", "acme.com")));
        Call create = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", "lagging-create")
                .json(Map.of("name", "Globex", "email_domain", "globex.com"));

        String customer;
        String contact;
        try (Stopped ignored = stop("customers")) {
            Response first = create.send();
            customer = assertAccepted(first, "/v1/customers/", "cus_", 1);
            assertThat(http().get("/v1/customers/" + customer).token(ws.token()).send().status())
                    .as("the read model does lag").isEqualTo(404);
            assertReplayed(create.send(), first);

            assertAccepted(http().patch("/v1/customers/" + existing).token(ws.token()).json(Map.of("arr", 5000)).send(),
                    "/v1/customers/", existing, 2);
            contact = assertAccepted(http().post("/v1/customers/" + existing + "/contacts").token(ws.token())
                            .json(Map.of("name", "Ana", "email", "ana@acme.com")).send(),
                    "/v1/customers/" + existing + "/contacts/", "con_", 3);
            assertAccepted(http().patch("/v1/customers/" + existing + "/contacts/" + contact).token(ws.token())
                    .json(Map.of("title", "CFO")).send(), "/v1/customers/" + existing + "/contacts/", contact, 4);
        }

        assertThat(eventually("/v1/customers/" + customer, c -> true).path("name").asText()).isEqualTo("Globex");
        JsonNode patched = eventually("/v1/customers/" + existing, c -> c.path("version").asLong() == 4);
        assertThat(patched.path("arr").decimalValue()).isEqualByComparingTo("5000");
        assertThat(eventually("/v1/customers/" + existing + "/contacts", l -> true).path("data").get(0).path("title")
                .asText()).isEqualTo("CFO");
    }

    @Test
    void deletingAndRestoringACustomerWhileItsProjectionLags() {
        String customer = created(http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Initech", "email_domain", "initech.com")));
        try (Stopped ignored = stop("customers")) {
            assertThat(http().delete("/v1/customers/" + customer).token(ws.token()).send().status()).isEqualTo(204);
        }
        eventually("/v1/customers/trash", t -> t.path("data").size() == 1);
        try (Stopped ignored = stop("customers")) {
            assertAccepted(http().post("/v1/customers/" + customer + "/restore").token(ws.token()).send(),
                    "/v1/customers/", customer, 3);
        }
        eventually("/v1/customers/" + customer, c -> c.path("version").asLong() == 3);

        // the customer decides, not a read model that lags: deleted and restored before the projection shows either
        try (Stopped ignored = stop("customers")) {
            assertThat(http().delete("/v1/customers/" + customer).token(ws.token()).send().status()).isEqualTo(204);
            assertAccepted(http().post("/v1/customers/" + customer + "/restore").token(ws.token()).send(),
                    "/v1/customers/", customer, 5);
        }
        eventually("/v1/customers/" + customer, c -> c.path("version").asLong() == 5);
    }

    /**
     * docs/health-model.md: a recalculation waits for the signals at most the timeout; past it, it scores what they
     * hold, and the events it could not count are scored once the signals run.
     */
    @Test
    void aRecalculationWhoseSignalsLagPastTheTimeoutScoresWhatTheyHold() {
        String customer = created(http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Initech", "email_domain", "initech.com")));
        String recalculate = "/v1/customers/" + customer + "/health/recalculate";
        // the signals know the customer before they stop
        assertThat(http().post(recalculate).token(ws.token()).send().status()).isEqualTo(200);

        Response lagging;
        try (Stopped ignored = stop(RecalculateHealth.SIGNALS_GROUP)) {
            Map<String, Object> nps = Map.of("type", "nps.response", "customer_id", customer,
                    "timestamp", clock.instant().minusSeconds(60).toString(), "properties", Map.of("score", 3));
            assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", List.of(nps))).send()
                    .status()).isEqualTo(202);
            lagging = http().post(recalculate).token(ws.token()).send();
        }

        assertThat(lagging.status()).as(lagging.toString()).isEqualTo(200);
        assertThat(lagging.json().path("score").isNull()).as(lagging.toString()).isTrue();
        eventually("/v1/customers/" + customer + "/health", h -> h.path("score").asInt() == 30);
    }

    @Test
    void taskWritesAnswerTheirOwnResult() {
        String customer = created(http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Umbrella", "email_domain", "umbrella.com")));
        Map<String, Object> task = Map.of("customer_id", customer, "title", "Call champion", "due_date", "2027-01-15");
        String existing = created(http().post("/v1/tasks").token(ws.token()).json(task));
        Call create = http().post("/v1/tasks").token(ws.token()).header("Idempotency-Key", "lagging-task").json(task);

        String id;
        try (Stopped ignored = stop("tasks")) {
            Response first = create.send();
            id = assertAccepted(first, "/v1/tasks/", "tsk_", 1);
            assertReplayed(create.send(), first);
            assertAccepted(http().patch("/v1/tasks/" + existing).token(ws.token()).json(Map.of("priority", "high")).send(),
                    "/v1/tasks/", existing, 2);
            assertAccepted(http().post("/v1/tasks/" + existing + "/complete").token(ws.token())
                    .json(Map.of("outcome", "done")).send(), "/v1/tasks/", existing, 3);
        }

        eventually("/v1/tasks/" + id, t -> true);
        JsonNode completed = eventually("/v1/tasks/" + existing, t -> t.path("version").asLong() == 3);
        assertThat(completed.path("priority").asText()).isEqualTo("high");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void playbookWritesAnswerTheirOwnResult() {
        Map<String, Object> playbook = Map.of("name", "At risk",
                "trigger", Map.of("type", "condition", "expression", "health_score < 40"),
                "actions", List.of(Map.of("type", "create_task", "title", "Look at it", "assignee", "owner")));
        Call create = http().post("/v1/playbooks").token(ws.token()).header("Idempotency-Key", "lagging-playbook")
                .json(playbook);

        String id;
        try (Stopped ignored = stop("playbooks")) {
            Response first = create.send();
            id = assertAccepted(first, "/v1/playbooks/", "pbk_", 1);
            assertReplayed(create.send(), first);
        }
        eventually("/v1/playbooks/" + id, p -> true);
        try (Stopped ignored = stop("playbooks")) {
            assertAccepted(http().patch("/v1/playbooks/" + id).token(ws.token()).json(Map.of("name", "Very at risk"))
                    .send(), "/v1/playbooks/", id, 2);
        }
        assertThat(eventually("/v1/playbooks/" + id, p -> p.path("version").asLong() == 2).path("name").asText())
                .isEqualTo("Very at risk");
    }

    /** The signing secret is shown only at the creation: a 202 carries it too. */
    @Test
    void aWebhookSubscriptionCreatedWhileItsProjectionLagsAnswersItsSecret() {
        Call create = http().post("/v1/webhook-subscriptions").token(ws.token())
                .header("Idempotency-Key", "lagging-webhook")
                .json(Map.of("url", "http://localhost:9/hook", "events", List.of("customer.created")));

        Response first;
        try (Stopped ignored = stop("webhook-subscriptions")) {
            first = assertAcceptedWithItsSecret(create, "/v1/webhook-subscriptions/", "whk_", "whsec_");
        }
        JsonNode shown = eventually(first.header("Location"), w -> true);
        assertThat(shown.path("url").asText()).isEqualTo("http://localhost:9/hook");
        assertThat(shown.has("secret")).as("shown once only").isFalse();
    }

    @Test
    void segmentTerritoryAndHealthModelWritesAnswerTheirOwnResult() {
        String segment;
        String territory;
        try (Stopped segments = stop("segments"); Stopped territories = stop("territories");
             Stopped models = stop("health-models")) {
            segment = assertAccepted(http().post("/v1/segments").token(ws.token()).json(Map.of("name", "Enterprise"))
                    .send(), "/v1/segments/", "seg_", 1);
            territory = assertAccepted(http().post("/v1/territories").token(ws.token()).json(Map.of("name", "EMEA"))
                    .send(), "/v1/territories/", "ter_", 1);
            Response model = http().patch("/v1/health/model").token(ws.token())
                    .json(Map.of("thresholds", Map.of("healthy", 75))).send();
            assertThat(model.status()).as(model.toString()).isEqualTo(202);
            assertThat(model.header("Location")).isEqualTo("/v1/health/model");
        }
        eventually("/v1/segments", l -> l.path("data").size() == 1 && l.path("data").get(0).path("id").asText().equals(segment));
        eventually("/v1/territories", l -> l.findValuesAsText("id").contains(territory));
        eventually("/v1/health/model", m -> m.path("thresholds").path("healthy").asInt() == 75);
    }

    @Test
    void apiKeyWritesWhileCredentialsLagAreAcceptedAndTakeEffectOnceTheyCatchUp() {
        Call issue = http().post("/v1/api-keys").token(ws.token()).header("Idempotency-Key", "lagging-key")
                .json(Map.of("name", "CI", "role", "viewer", "scopes", List.of("customers:read")));
        Response first;
        try (Stopped ignored = stop("credentials")) {
            first = assertAcceptedWithItsSecret(issue, "/v1/api-keys/", "key_", "lk_");
        }
        String secret = first.json().path("secret").asText();
        awaitStatus(secret, 200);

        String id = first.json().path("id").asText();
        try (Stopped ignored = stop("credentials")) {
            // recorded, not yet effective: the key still works until the projection catches up
            Response revoked = http().delete("/v1/api-keys/" + id).token(ws.token()).send();
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(202);
            assertThat(revoked.header("Location")).isEqualTo("/v1/api-keys/" + id);
            assertThat(revoked.json().path("status").asText()).isEqualTo("accepted");
        }
        awaitStatus(secret, 401);
    }

    @Test
    void aRevocationThatAnotherNodesCacheHasNotAppliedIsAccepted() {
        Response key = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "CI", "role", "viewer", "scopes", List.of("customers:read"))).send();
        String secret = key.json().path("secret").asText();
        String id = key.json().path("id").asText();
        String node = "test-node-" + id;
        // a node that polls the change feed (its record kept fresh) and is stuck before the revocation
        long stuckAt = jdbc.queryForObject("SELECT version FROM credentials_change_counter", Long.class);
        ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor();
        polls.scheduleWithFixedDelay(() -> jdbc.update("""
                INSERT INTO credential_cache_node VALUES (?, ?, now())
                ON CONFLICT (node_id) DO UPDATE SET polled_at = now()""", node, stuckAt), 0, 20, TimeUnit.MILLISECONDS);
        try {
            Response revoked = http().delete("/v1/api-keys/" + id).token(ws.token()).send();
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(202);
            assertThat(revoked.header("Location")).isEqualTo("/v1/api-keys/" + id);
            assertThat(revoked.json().path("status").asText()).isEqualTo("accepted");
            // effective on this node already
            assertThat(http().get("/v1/customers").token(secret).send().status()).isEqualTo(401);
        } finally {
            polls.shutdownNow();
            jdbc.update("DELETE FROM credential_cache_node WHERE node_id = ?", node);
        }
    }

    private void awaitStatus(String token, int status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (http().get("/v1/customers").token(token).send().status() != status) {
            assertThat(Instant.now()).as("the key answers " + status).isBefore(deadline);
            sleep();
        }
    }

    @Test
    void userWritesAnswerTheirOwnResult() {
        String user;
        try (Stopped ignored = stop("credentials")) {
            user = assertAccepted(http().post("/v1/users").token(ws.token()).json(Map.of("email", "lag@x.com",
                    "role", "csm", "locale", "en", "timezone", "UTC")).send(), "/v1/users/", "usr_", 1);
        }
        eventually("/v1/users/" + user, u -> true);
        try (Stopped ignored = stop("credentials")) {
            assertAccepted(http().patch("/v1/users/" + user + "/role").token(ws.token()).json(Map.of("role", "manager"))
                    .send(), "/v1/users/", user, 2);
        }
        assertThat(eventually("/v1/users/" + user, u -> u.path("version").asLong() == 2).path("role").asText())
                .isEqualTo("manager");
    }

    /** A 202 naming the resource; its id (with {@code idOrPrefix} as prefix, or equal to it). */
    private static String assertAccepted(Response response, String locationPrefix, String idOrPrefix, long version) {
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode body = response.json();
        String id = body.path("id").asText();
        assertThat(id).startsWith(idOrPrefix);
        assertThat(body.path("status").asText()).isEqualTo("accepted");
        assertThat(body.path("version").asLong()).isEqualTo(version);
        assertThat(response.header("Location")).isEqualTo(locationPrefix + id);
        return id;
    }

    /** A creation that issues a secret, answered 202: the secret in its answer, none in an idempotent replay. */
    private static Response assertAcceptedWithItsSecret(Call create, String locationPrefix, String idPrefix,
                                                        String secretPrefix) {
        Response first = create.send();
        assertAccepted(first, locationPrefix, idPrefix, 1);
        assertThat(first.json().path("secret").asText()).startsWith(secretPrefix);
        Response replay = create.send();
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().has("secret")).as("secrets are shown once").isFalse();
        assertThat(replay.json().path("id")).isEqualTo(first.json().path("id"));
        return first;
    }

    private static void assertReplayed(Response replay, Response first) {
        assertThat(replay.status()).isEqualTo(first.status());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertThat(replay.json()).isEqualTo(first.json());
    }

    private String created(Call call) {
        Response response = call.send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    /** The resource at {@code path} once it answers 200 and satisfies {@code condition}. */
    private JsonNode eventually(String path, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            Response response = http().get(path).token(ws.token()).send();
            if (response.status() == 200 && condition.test(response.json())) {
                return response.json();
            }
            assertThat(Instant.now()).as(path + ": " + response).isBefore(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A projection's processor, stopped until closed. */
    private Stopped stop(String processingGroup) {
        StreamingEventProcessor processor = processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        return processor::start;
    }

    private interface Stopped extends AutoCloseable {
        @Override
        void close();
    }
}
