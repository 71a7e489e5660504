package com.lealup.app.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code /v1/admin/projections} over real HTTP: the list with positions from the token table, a replay of the
 * customers read model while a client keeps writing, and the refusals.
 */
class ProjectionsApiTest extends ApiTest {

    private static final String PATH = "/v1/admin/projections";
    /** The advisory lock the gate trigger waits for: held by a test, it stops the customers projection's writes. */
    private static final int GATE = 0x16_0016;
    /** A group replayed in place: its tokens are reset (a cache, rebuilt as it is read). */
    private static final String IN_PLACE = "customer-record-snapshots";

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private ReadModelGroups readModels;

    @Test
    void listsEveryProcessingGroupWithItsPositionAndLag() {
        Workspace ws = newWorkspace();
        customer(ws, "Acme");
        awaitProcessorsCaughtUp();

        Response response = http().get(PATH).token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("has_more").asBoolean()).isFalse();
        Map<String, JsonNode> byName = new HashMap<>();
        body.path("data").forEach(p -> byName.put(p.path("name").asText(), p));
        assertThat(byName).containsKeys("customers", "segments", "tasks", "credentials", "playbook-engine",
                "playbook-actions", "notification-delivery");
        JsonNode customers = byName.get("customers");
        assertThat(customers.path("status").asText()).isEqualTo("live");
        assertThat(customers.path("lag").asLong()).isZero();
        assertThat(customers.path("position").asLong()).isEqualTo(customers.path("head").asLong()).isPositive();
        assertThat(customers.path("progress").isNull()).isTrue();
        assertThat(customers.path("estimated_seconds_left").isNull()).isTrue();
        assertThat(customers.path("error").isNull()).isTrue();
        assertThat(customers.path("replayable").asBoolean()).isTrue();
        assertThat(customers.has("replay_started_at")).isTrue();
        JsonNode engine = byName.get("playbook-engine");
        assertThat(engine.path("replayable").asBoolean()).isFalse();
        assertThat(engine.path("not_replayable_reason").asText()).contains("acts on the world").doesNotContain("@");

        JsonNode one = http().get(PATH + "/customers").token(ws.token()).send().json();
        assertThat(one.path("name").asText()).isEqualTo("customers");

        // a list as every other: by name, limit and cursor, and their mistakes 400
        List<String> names = new ArrayList<>();
        String next = PATH + "?limit=5";
        while (next != null) {
            JsonNode page = http().get(next).token(ws.token()).send().json();
            assertThat(page.path("data").size()).isBetween(1, 5);
            page.path("data").forEach(p -> names.add(p.path("name").asText()));
            next = page.path("has_more").asBoolean() ? PATH + "?limit=5&cursor=" + page.path("next_cursor").asText() : null;
        }
        assertThat(names).isSorted().containsExactlyInAnyOrderElementsOf(byName.keySet());
        for (String wrong : List.of("limit=0", "limit=201", "limit=abc", "cursor=abc")) {
            Response refused = http().get(PATH + "?" + wrong).token(ws.token()).send();
            assertThat(refused.status()).as(wrong).isEqualTo(400);
        }

        // lealup_projection_lag{projection="customers"} on /actuator/prometheus
        assertThat(meters.get("lealup.projection.lag").tag("projection", "customers").gauge().value()).isZero();
        assertThat(meters.get("lealup.projection.replay.progress").tag("projection", "customers").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void replaysTheCustomersWhileAClientKeepsWritingAndRebuildsEveryRow() throws Exception {
        Workspace before = newWorkspace();
        for (int i = 0; i < 20; i++) {
            String id = customer(before, "Cliente " + i);
            if (i % 3 == 0) {
                assertThat(http().patch("/v1/customers/" + id).token(before.token())
                        .json(Map.of("arr", 1000 + i, "custom_fields", Map.of("tier", "Gold"))).send().status())
                        .isEqualTo(200);
            }
        }
        awaitProcessorsCaughtUp();
        List<Map<String, Object>> rows = customerRows(before.id());
        List<JsonNode> listed = listCustomers(before);
        assertThat(listed).hasSize(20);
        List<String> indexes = indexes();
        // a drifted row: only a replay that clears the table (reset handler) repairs it, the version guard would not
        jdbc.update("UPDATE customer_view SET name = 'drifted' WHERE workspace_id = ? AND name = 'Cliente 5'",
                before.id());

        Workspace during = newWorkspace();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> created = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get() || i < 5; i++) {
                Response r = http().post("/v1/customers").token(during.token())
                        .json(Map.of("name", "Nuevo " + i, "email_domain", "n" + i + ".example.com")).send();
                if (r.status() == 201 || r.status() == 202) {
                    created.add(r.json().path("id").asText());
                } else {
                    failures.add(r.toString());
                }
            }
        });
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> created.size() >= 2);
            try (Gate gate = closeGate(before.id())) {
                // the gate holds the replay at the workspace's first row (the shadow copy has the trigger too), so
                // that writes land while it runs
                Response replay = http().post(PATH + "/customers/replay").token(before.token()).send();
                assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
                assertThat(replay.header("Location")).isEqualTo(PATH + "/customers");
                assertThat(replay.json().path("replay_started_at").isNull()).isFalse();
                int createdAtStart = created.size();
                // a write during the replay is shown at once: the live model keeps up while the copy is built
                await("writes accepted during the replay").atMost(Duration.ofSeconds(15))
                        .until(() -> created.size() > createdAtStart);
                assertThat(listCustomers(before)).hasSize(20);
                assertThat(http().get(PATH + "/customers").token(before.token()).send().json().path("status")
                        .asText()).isEqualTo("replaying");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> created.size() >= 10);
        } finally {
            writing.set(false);
            writer.join();
        }
        awaitLive("customers", before.token());
        awaitProcessorsCaughtUp();

        assertThat(failures).isEmpty();
        assertThat(indexes()).as("the swapped-in tables' indexes (built two at a time)").isEqualTo(indexes);
        assertThat(customerRows(before.id())).isEqualTo(rows);
        assertThat(listCustomers(before)).isEqualTo(listed);
        assertThat(listCustomers(during).stream().map(c -> c.path("id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(created);
        JsonNode status = http().get(PATH + "/customers").token(before.token()).send().json();
        assertThat(status.path("lag").asLong()).isZero();
        assertThat(status.path("error").isNull()).isTrue();
    }

    /**
     * Every replayable projection through the API, one after the other, while a client keeps writing customers in
     * another workspace: every row of every table of it (outside the writer's workspace, whose rows move
     * meanwhile) is the same after the replay, which built it from the first event, as the model kept up live
     * before. Every read model is replayed blue/green (the ones replayed in place are policies' state and a cache).
     */
    @Test
    void replaysEveryProjectionWhileAClientKeepsWritingAndRebuildsEveryRow() throws Exception {
        Workspace ws = newWorkspace();
        seed(ws);
        awaitProcessorsCaughtUp();
        List<String> blueGreen = new ArrayList<>();
        List<String> inPlace = new ArrayList<>();
        http().get(PATH).token(ws.token()).send().json().path("data").forEach(p -> {
            if (p.path("replayable").asBoolean()) {
                (p.path("replay_mode").asText().equals("blue_green") ? blueGreen : inPlace).add(p.path("name").asText());
            }
        });
        assertThat(blueGreen).contains("customers", "tasks", "segments", "territories", "customer-health",
                "analytics-portfolio", "analytics-renewals", "analytics-cohorts", "playbooks", "playbook-runs",
                "credentials");
        assertThat(inPlace).containsExactlyInAnyOrder("customer-erasure", "health-signals", "trash-purge",
                "customer-record-snapshots");

        Workspace during = newWorkspace();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> created = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                Response r = http().post("/v1/customers").token(during.token())
                        .json(Map.of("name", "Nuevo " + i, "email_domain", "m" + i + ".example.com")).send();
                if (r.status() == 201 || r.status() == 202) {
                    created.add(r.json().path("id").asText());
                } else {
                    failures.add(r.toString());
                }
                pause(Duration.ofMillis(250)); // under the workspace's write limit
            }
        });
        writer.start();
        try {
            for (String name : blueGreen) {
                replayAndCompare(name, ws, during.id());
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(failures).isEmpty();
        assertThat(created).hasSizeGreaterThan(blueGreen.size());
        assertThat(listCustomers(during).stream().map(c -> c.path("id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(created);
    }

    /**
     * The credentials (every workspace's keys and users) replayed while held at another workspace's first key: a
     * key never used before authenticates meanwhile, and so does a key issued meanwhile, since the live model keeps
     * serving. Once swapped in, every node's token cache forgets what it had loaded from the replaced rows: a key
     * whose row had drifted acts with its rebuilt role at once, not when its cache entry expires.
     */
    @Test
    void aReplayOfTheCredentialsKeepsEveryKeyWorkingAndTheCachesFollowTheSwap() throws Exception {
        Workspace held = newWorkspace();
        Workspace other = newWorkspace();
        String unused = key(other, "viewer", List.of("customers:read"));
        Response issued = http().post("/v1/api-keys").token(other.token())
                .json(Map.of("name", "Drifted", "role", "manager", "scopes", List.of("customers:read"))).send();
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String drifted = issued.json().path("secret").asText();
        awaitProcessorsCaughtUp();
        jdbc.update("UPDATE credentials_api_key SET role = 'viewer' WHERE key_id = ?", issued.json().path("id").asText());
        assertThat(http().get("/v1/users/me").token(drifted).send().json().path("role").asText())
                .as("the drifted row, loaded into the cache").isEqualTo("viewer");

        try (Gate gate = closeGate("credentials", "credentials_api_key", held.id())) {
            Response replay = http().post(PATH + "/credentials/replay").token(held.token()).send();
            assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
            assertThat(replay.json().path("replay_mode").asText()).isEqualTo("blue_green");

            Response listed = http().get("/v1/customers").token(unused).send();
            assertThat(listed.status()).as("a key first used during the replay: " + listed).isEqualTo(200);
            String during = key(other, "viewer", List.of("customers:read"));
            Response me = http().get("/v1/users/me").token(during).send();
            assertThat(me.status()).as("a key issued during the replay: " + me).isEqualTo(200);
            assertThat(me.json().path("workspace").path("id").asText()).isEqualTo(other.id());
            assertThat(http().get(PATH + "/credentials").token(held.token()).send().json().path("status").asText())
                    .isEqualTo("replaying");
        }
        awaitLive("credentials", held.token());

        await("the rebuilt role, once swapped in").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http().get("/v1/users/me").token(drifted).send().json().path("role").asText())
                        .isEqualTo("manager"));
        assertThat(http().get("/v1/customers").token(unused).send().status()).isEqualTo(200);
    }

    /**
     * A blue/green build that keeps failing (a trigger that answers "disk full" to every row written in a shadow
     * schema: a failure no dead letter isolates, its batch is retried) is abandoned: the error shows, the live model served every row throughout and is left as it was, the shadow
     * schema and token are gone, and the next replay works.
     */
    @Test
    void aFailedReplayReportsItsErrorAndLeavesTheLiveModel() {
        Workspace ws = newWorkspace();
        customer(ws, "Acme");
        customer(ws, "Beta");
        awaitProcessorsCaughtUp();
        List<Map<String, Object>> rows = customerRows(ws.id());
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION projections_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_schema() LIKE 'shadow%' THEN
                        RAISE EXCEPTION 'refused in the shadow: %', NEW.email_domain USING ERRCODE = 'disk_full';
                    END IF;
                    RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER projections_test_refuse BEFORE INSERT ON customer_view FOR EACH ROW "
                + "EXECUTE FUNCTION projections_test_refuse()");
        try {
            Response started = http().post(PATH + "/customers/replay").token(ws.token()).send();
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            await("the build abandoned").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(customerRows(ws.id())).isEqualTo(rows);
                        Response statusAnswer = http().get(PATH + "/customers").token(ws.token()).send();
            JsonNode status = statusAnswer.json();
                        assertThat(status.path("status").asText()).isEqualTo("failed");
                        // the processor's first error of the streak: this trigger, or a poison event that another
                        // test left in the store (dead-lettered on a retry, as live)
                        assertThat(status.path("error").asText()).isNotBlank();
                        // the message quoted a value of the row: the record of a replay outlives an erasure
                        assertThat(status.path("error").asText()).doesNotContain("acme.example.com", "beta.example.com");
                    });
            assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 'shadow_customers'",
                    Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = 'shadow:customers'",
                    Long.class)).isZero();
            assertThat(customer(ws, "Gamma")).isNotBlank();
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS projections_test_refuse ON customer_view");
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM projection_replay WHERE shadow_schema IS NOT NULL", Long.class) == 0);
        }
        Response again = http().post(PATH + "/customers/replay").token(ws.token()).send();
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        awaitLive("customers", ws.token());
        awaitProcessorsCaughtUp();
        assertThat(listCustomers(ws)).hasSize(3);
    }

    /**
     * A replay that cannot start (here its live table is gone for the moment of the request) is 500 replay_failed
     * naming neither the exception nor its SQL; the projection's error says why, without the statement; the next
     * replay starts.
     */
    @Test
    void aReplayThatCannotStartIs500WithoutItsExceptionAndTheNextOneStarts() {
        Workspace ws = newWorkspace();
        awaitProcessorsCaughtUp();
        Response refused;
        jdbc.execute("ALTER TABLE territory_view RENAME TO territory_view_away");
        try {
            refused = http().post(PATH + "/territories/replay").token(ws.token()).send();
        } finally {
            jdbc.execute("ALTER TABLE territory_view_away RENAME TO territory_view");
        }
        assertThat(refused.status()).as(refused.toString()).isEqualTo(500);
        assertThat(refused.json().path("type").asText()).endsWith("/replay_failed");
        assertThat(refused.json().path("detail").asText()).contains("'territories'")
                .doesNotContain("territory_view", "SQL", "CREATE", "Exception");
        JsonNode status = http().get(PATH + "/territories").token(ws.token()).send().json();
        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("error").asText()).isNotBlank().doesNotContain("CREATE TABLE");

        Response again = http().post(PATH + "/territories/replay").token(ws.token()).send();
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        awaitLive("territories", ws.token());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void replayAndCompare(String name, Workspace admin, String writersWorkspace) {
        awaitProcessorsCaughtUp();
        Map<String, List<String>> before = readModel(name, writersWorkspace);
        Response replay = http().post(PATH + "/" + name + "/replay").token(admin.token()).send();
        assertThat(replay.status()).as(name + ": " + replay).isEqualTo(202);
        awaitLive(name, admin.token());
        awaitProcessorsCaughtUp();
        JsonNode status = http().get(PATH + "/" + name).token(admin.token()).send().json();
        assertThat(status.path("error").isNull()).as(name + ": " + status).isTrue();
        Map<String, List<String>> after = readModel(name, writersWorkspace);
        before.forEach((table, rows) -> {
            List<String> lost = new ArrayList<>(rows);
            lost.removeAll(after.get(table));
            List<String> gained = new ArrayList<>(after.get(table));
            gained.removeAll(rows);
            assertThat(lost).as(name + ": rows of " + table + " not rebuilt (then the rows gained: " + gained + ")")
                    .isEmpty();
            assertThat(gained).as(name + ": rows of " + table + " that were not there before").isEmpty();
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'shadow\\_%'",
                Long.class)).as("shadow schemas left").isZero();
    }

    /** Something for every read model: customers with contacts, changed and deleted, a segment, a territory, a task. */
    private void seed(Workspace ws) {
        for (int i = 0; i < 6; i++) {
            String id = customer(ws, "Seed " + i);
            assertThat(http().post("/v1/customers/" + id + "/contacts").token(ws.token())
                    .json(Map.of("name", "Contact " + i, "email", "c" + i + "@seed" + i + ".example.com")).send()
                    .status()).isIn(201, 202);
            assertThat(http().patch("/v1/customers/" + id).token(ws.token())
                    .json(Map.of("arr", 5000 + i, "renewal_date", "2027-0" + (i + 1) + "-15")).send().status())
                    .isEqualTo(200);
            if (i == 0) {
                assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isIn(200, 202, 204);
            }
            if (i == 1) {
                assertThat(http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", id, "title", "Call"))
                        .send().status()).isIn(201, 202);
            }
        }
        assertThat(http().post("/v1/segments").token(ws.token()).json(Map.of("name", "Enterprise")).send().status())
                .isIn(201, 202);
        assertThat(http().post("/v1/territories").token(ws.token()).json(Map.of("name", "LATAM")).send().status())
                .isIn(201, 202);
    }

    /** Every row of every table of the group, as JSON text, except the rows of one workspace. */
    private Map<String, List<String>> readModel(String group, String exceptWorkspace) {
        List<String> tables = readModels.tables(group);
        assertThat(tables).as(group).isNotEmpty();
        Map<String, List<String>> rows = new TreeMap<>();
        for (String table : tables) {
            boolean perWorkspace = Boolean.TRUE.equals(jdbc.queryForObject("""
                    SELECT EXISTS (SELECT 1 FROM information_schema.columns
                                   WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'workspace_id')""",
                    Boolean.class, table));
            rows.put(table, jdbc.queryForList("SELECT to_jsonb(t)::text AS r FROM " + table + " t"
                            + (perWorkspace ? " WHERE workspace_id <> ?" : "") + " ORDER BY 1",
                    String.class, perWorkspace ? new Object[] {exceptWorkspace} : new Object[0]));
        }
        return rows;
    }

    @Test
    void aRunningReplayShowsItsProgressAndRefusesASecondOne() throws Exception {
        Workspace ws = newWorkspace();
        customer(ws, "Acme");
        customer(ws, "Beta");
        awaitProcessorsCaughtUp();
        List<Map<String, Object>> rows = customerRows(ws.id());
        try (Gate gate = closeGate(ws.id())) {
            Response started = http().post(PATH + "/customers/replay").token(ws.token()).send();
            assertThat(started.status()).as(started.toString()).isEqualTo(202);

            Response statusAnswer = http().get(PATH + "/customers").token(ws.token()).send();
            JsonNode status = statusAnswer.json();
            assertThat(status.path("status").asText()).isEqualTo("replaying");
            assertThat(status.path("replay_mode").asText()).isEqualTo("blue_green");
            assertThat(status.path("progress").asDouble()).isBetween(0.0, 0.99);
            // an answer's number in plain notation, to a hundredth of a percent (a double wrote 1.66E-4)
            assertThat(statusAnswer.rawBody()).containsPattern("\"progress\":0(\\.[0-9]{1,4})?[,}]");
            // blue/green: readers keep the whole live model while the shadow copy is held at the gate
            assertThat(customerRows(ws.id())).isEqualTo(rows);
            assertThat(listCustomers(ws)).hasSize(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM token_entry WHERE processor_name = 'shadow:customers'", Long.class) == 1);

            Response again = http().post(PATH + "/customers/replay").token(ws.token()).send();
            assertThat(again.status()).as(again.toString()).isEqualTo(409);
            assertThat(again.json().path("type").asText()).endsWith("/replay_running");
        }
        awaitLive("customers", ws.token());
        awaitProcessorsCaughtUp();
        assertThat(customerRows(ws.id())).isEqualTo(rows);
    }

    @Test
    void policiesThatMustNotReRunAndUnknownNamesAreRefused() {
        Workspace ws = newWorkspace();
        for (String policy : List.of("playbook-engine", "playbook-actions", "notification-delivery", "webhook-fanout")) {
            Response refused = http().post(PATH + "/" + policy + "/replay").token(ws.token()).send();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().path("type").asText()).endsWith("/not_replayable");
            assertThat(refused.json().path("detail").asText()).contains("acts on the world").doesNotContain("@");
        }
        Response unknown = http().post(PATH + "/no-such-projection/replay").token(ws.token()).send();
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(http().get(PATH + "/no-such-projection").token(ws.token()).send().status()).isEqualTo(404);
    }

    /**
     * Several nodes: another node that keeps its claim on an in-place group's token through the takeover's wait (a
     * node that does not know takeovers) stops this node from resetting it; nothing is reset.
     */
    @Test
    void aTokenClaimedByAnotherNodeIsNotReset() {
        Workspace ws = newWorkspace();
        awaitProcessorsCaughtUp();
        StreamingEventProcessor processor = processing.eventProcessor(IN_PLACE, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        try {
            // a claim renewed in the future: it holds however slowly this test runs (claims time out after 1.2 s)
            jdbc.update("UPDATE token_entry SET owner = 'another-node', timestamp = ? WHERE processor_name = ?",
                    Instant.now().plusSeconds(60).toString(), IN_PLACE);
            List<Map<String, Object>> tokens = inPlaceTokens();
            Response refused = http().post(PATH + "/" + IN_PLACE + "/replay").token(ws.token()).send();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().path("type").asText()).endsWith("/claimed_by_another_node");
            assertThat(inPlaceTokens()).as("the tokens, not reset").isEqualTo(tokens);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM group_takeover", Long.class))
                    .as("the takeover withdrawn").isZero();
            assertThat(http().get(PATH + "/" + IN_PLACE).token(ws.token()).send().json().path("status").asText())
                    .isEqualTo("live");
        } finally {
            jdbc.update("UPDATE token_entry SET owner = NULL WHERE processor_name = ? AND owner = 'another-node'", IN_PLACE);
            processor.start();
        }
        awaitProcessorsCaughtUp();
    }

    private List<Map<String, Object>> inPlaceTokens() {
        return jdbc.queryForList("SELECT segment, encode(token, 'hex') AS token FROM token_entry"
                + " WHERE processor_name = ? ORDER BY segment", IN_PLACE);
    }

    @Test
    void onlyAnAdminWithTheAdminScope() {
        Workspace ws = newWorkspace();
        String manager = key(ws, "manager", List.of("customers:read", "customers:write"));
        String adminWithoutAdminScope = key(ws, "admin", List.of("customers:read", "users:read"));

        assertThat(http().get(PATH).send().status()).isEqualTo(401);
        assertThat(http().get(PATH).token("lk_no_such_key").send().status()).isEqualTo(401);
        assertThat(http().post(PATH + "/customers/replay").send().status()).isEqualTo(401);
        for (String token : List.of(manager, adminWithoutAdminScope, OPERATOR_TOKEN)) {
            assertThat(http().get(PATH).token(token).send().status()).isEqualTo(403);
            assertThat(http().get(PATH + "/customers").token(token).send().status()).isEqualTo(403);
            assertThat(http().post(PATH + "/customers/replay").token(token).send().status()).isEqualTo(403);
        }
    }

    /** Holds every insert into {@code customer_view} of the workspace: see the other {@code closeGate}. */
    private Gate closeGate(String workspaceId) throws SQLException {
        return closeGate("customers", "customer_view", workspaceId);
    }

    /**
     * Holds every insert into {@code table} of the workspace (a trigger waits for an advisory lock this test holds)
     * until closed: a replay of the group stays at the workspace's first row meanwhile, while other workspaces'
     * writes go on. Its reset (a TRUNCATE) is not held.
     */
    private Gate closeGate(String group, String table, String workspaceId) throws SQLException {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION projections_test_gate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.workspace_id = '%s' THEN PERFORM pg_advisory_xact_lock_shared(%d); END IF;
                    RETURN NEW;
                END $$""".formatted(workspaceId, GATE));
        jdbc.execute("CREATE TRIGGER projections_test_gate BEFORE INSERT ON " + table + " FOR EACH ROW "
                + "EXECUTE FUNCTION projections_test_gate()");
        Connection connection = dataSource.getConnection();
        try (Statement sql = connection.createStatement()) {
            sql.execute("SELECT pg_advisory_lock(" + GATE + ")");
        }
        String shadow = "shadow_" + group.replace('-', '_') + "." + table;
        return () -> {
            try (connection; Statement sql = connection.createStatement()) {
                sql.execute("SELECT pg_advisory_unlock(" + GATE + ")");
            } finally {
                // the blue/green copy of the table got the trigger too (and may have been swapped in already)
                jdbc.execute("DROP TRIGGER IF EXISTS projections_test_gate ON " + table);
                if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, shadow))) {
                    jdbc.execute("DROP TRIGGER IF EXISTS projections_test_gate ON " + shadow);
                }
                jdbc.execute("DROP TRIGGER IF EXISTS projections_test_gate ON " + table);
            }
        };
    }

    private interface Gate extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    private String key(Workspace ws, String role, List<String> scopes) {
        Response response = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "Key", "role", role, "scopes", scopes)).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("secret").asText();
    }

    private String customer(Workspace ws, String name) {
        Response response = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", name, "email_domain", name.toLowerCase().replace(' ', '-') + ".example.com"))
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    private void awaitLive(String name, String token) {
        await("replay of " + name + " over").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    String status = http().get(PATH + "/" + name).token(token).send().rawBody();
                    assertThat(status).contains("\"status\":\"live\"");
                });
    }

    /** Every customer of the workspace as the API lists them, every page. */
    private List<JsonNode> listCustomers(Workspace ws) {
        List<JsonNode> customers = new ArrayList<>();
        String cursor = null;
        do {
            Response page = http().get("/v1/customers?limit=200" + (cursor == null ? "" : "&cursor=" + cursor))
                    .token(ws.token()).send();
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("data").forEach(customers::add);
            cursor = page.json().path("has_more").asBoolean() ? page.json().path("next_cursor").asText() : null;
        } while (cursor != null);
        return customers;
    }

    /** Every index of the customers' tables, as PostgreSQL defines it. */
    private List<String> indexes() {
        return jdbc.queryForList("""
                SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
                  AND tablename IN ('customer_view', 'contact_view') ORDER BY indexname""", String.class);
    }

    /** Every column of the workspace's customers and their contacts. */
    private List<Map<String, Object>> customerRows(String workspaceId) {
        Set<String> rows = new TreeSet<>(jdbc.queryForList(
                "SELECT to_jsonb(t)::text FROM customer_view t WHERE workspace_id = ?", String.class, workspaceId));
        rows.addAll(jdbc.queryForList("SELECT to_jsonb(t)::text FROM contact_view t WHERE workspace_id = ?",
                String.class, workspaceId));
        return rows.stream().map(r -> Map.<String, Object>of("row", r)).toList();
    }
}
