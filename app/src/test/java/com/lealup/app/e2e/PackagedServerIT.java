package com.lealup.app.e2e;

import static com.lealup.app.e2e.PackagedServer.BOOTSTRAP_TOKEN;
import static com.lealup.app.e2e.PackagedServer.OPERATOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.util.FileSystemUtils;

/**
 * End to end: the packaged jar started with {@code java -jar}, driven over HTTP, stopped with SIGTERM and killed
 * with SIGKILL, on its embedded PostgreSQL (fsync on, as a user runs it) and on an external one.
 * Run by failsafe after {@code package}: {@code ./mvnw -B -o verify}.
 */
class PackagedServerIT {

    /** How a JVM ends on SIGTERM once its shutdown hooks (Spring's graceful shutdown) have run: 128 + 15. */
    private static final int EXIT_ON_SIGTERM = 143;

    private final List<PackagedServer> servers = new ArrayList<>();
    private Path workDir;

    @Test
    void theEmbeddedDatabaseKeepsEveryAcknowledgedWriteAcrossARestartAndAKill(TestInfo test) throws Exception {
        Path dataDir = workDir(test).resolve("data");

        PackagedServer first = start(dataDir, "1-first-start");
        assertThatTheOpenApiSpecIsPublic(first.http());
        assertThat(first.http().get("/v1/customers").token(BOOTSTRAP_TOKEN).send().status()).isEqualTo(200);
        Workspace workspace = first.http().createWorkspace(OPERATOR_TOKEN, "enterprise");
        Map<String, String> customers = new LinkedHashMap<>();
        for (String domain : List.of("acme.com", "globex.com", "initech.com")) {
            customers.put(create(first.http(), workspace, domain), domain);
        }
        assertReadable(first.http(), workspace, customers);
        assertThat(list(first.http(), workspace)).containsExactlyInAnyOrderElementsOf(customers.keySet());
        assertThatAxonProcessorMetricsAreExposed(first.http());

        assertThat(first.terminate()).as("exit code after SIGTERM").isEqualTo(EXIT_ON_SIGTERM);
        assertThat(first.logText()).contains("Graceful shutdown complete", "Stopping embedded PostgreSQL");
        assertThat(PackagedServer.postmaster(dataDir)).as("PostgreSQL stopped with the server").isEmpty();

        PackagedServer second = start(dataDir, "2-restart");
        Duration restart = untilAWriteIsAcknowledged(second, workspace, customers, "restart.com");
        assertReadable(second.http(), workspace, customers);
        assertThat(second.logText()).doesNotContain("still holds");
        assertThatASecondServerOnTheSameDataDirectoryStopsAtOnce(dataDir, second, workspace, customers);
        String eventsCustomer = customers.keySet().iterator().next();
        Acknowledged acknowledgedWrites = writeUntilKilled(second, workspace, eventsCustomer);
        Set<String> acknowledged = acknowledgedWrites.customers();
        customers.keySet().forEach(acknowledged::add);
        Optional<ProcessHandle> orphan = PackagedServer.postmaster(dataDir);
        assertThat(orphan).as("the postmaster outlives a kill -9 of the server and holds the data directory").isPresent();

        PackagedServer third = start(dataDir, "3-after-kill");
        Map<String, String> afterKill = new LinkedHashMap<>();
        Duration restartAfterKill = untilAWriteIsAcknowledged(third, workspace, afterKill, "after-kill.com");
        assertThat(third.logText()).contains("pid " + orphan.get().pid() + ") from an earlier run still holds")
                .containsPattern("Released \\d+ token claims left by an earlier run");
        // the kill costs the stop of the orphaned postmaster, not the claim timeouts of every processor; a
        // ratio to the normal restart of this same run, since this machine's speed varies from run to run
        assertThat(restartAfterKill.toMillis()).as("start after the kill (%s) against the normal restart (%s)",
                restartAfterKill, restart).isLessThanOrEqualTo(restart.toMillis() * 3);
        assertThat(orphan.get().isAlive()).isFalse();
        assertThat(PackagedServer.postmaster(dataDir).map(ProcessHandle::pid)).isPresent().isNotEqualTo(orphan.map(ProcessHandle::pid));
        for (String id : acknowledged) {
            Response read = readEventually(third.http(), workspace, id);
            assertThat(read.status()).as("acknowledged customer " + id + " after the kill: " + read).isEqualTo(200);
        }
        assertThat(ingestedEventIds(third.http(), workspace, eventsCustomer))
                .as("every event of a batch answered 202 before the kill")
                .containsAll(acknowledgedWrites.eventIds());
        assertReadable(third.http(), workspace, afterKill);
        assertThat(third.terminate()).isEqualTo(EXIT_ON_SIGTERM);

        for (PackagedServer server : servers) {
            assertThat(server.errorLines()).as("ERROR lines in " + server.log()).isEmpty();
        }
    }

    /**
     * {@code kill -9} right after a blue/green replay of the customers started: after the restart the replay
     * either resumes from its shadow token and is swapped in, or had been swapped in already; either way every
     * customer is listed throughout and after, and the next write shows.
     */
    @Test
    void aKillDuringAReplayLeavesTheLiveModelAndTheReplayResumes(TestInfo test) throws Exception {
        Path dataDir = workDir(test).resolve("data");
        PackagedServer first = start(dataDir, "1-replay");
        Workspace workspace = first.http().createWorkspace(OPERATOR_TOKEN, "enterprise");
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> created = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                String domain = "replay-" + i + ".com";
                created.add(clients.submit(() -> create(first.http(), workspace, domain)));
            }
            for (var id : created) {
                id.get();
            }
        } finally {
            clients.shutdown();
        }
        List<String> before = listEventually(first.http(), workspace, 240);

        Response replay = first.http().post("/v1/admin/projections/customers/replay").token(workspace.token()).send();
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        first.kill();

        PackagedServer second = start(dataDir, "2-after-kill");
        assertThat(list(second.http(), workspace)).as("the live model right after the restart")
                .containsExactlyInAnyOrderElementsOf(before);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode status;
        do {
            sleep(Duration.ofMillis(250));
            status = second.http().get("/v1/admin/projections/customers").token(workspace.token()).send().json();
        } while (!status.path("status").asText().equals("live") && System.nanoTime() < deadline);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("live");
        assertThat(status.path("error").isNull()).as(status.toString()).isTrue();
        assertThat(second.logText().contains("Blue/green replay of 'customers' resumed")
                || first.logText().contains("Blue/green replay of 'customers' swapped in"))
                .as("the replay resumed after the restart, or was over before the kill").isTrue();
        assertThat(list(second.http(), workspace)).containsExactlyInAnyOrderElementsOf(before);
        Map<String, String> after = new LinkedHashMap<>();
        after.put(create(second.http(), workspace, "after-replay.com"), "after-replay.com");
        assertReadable(second.http(), workspace, after);
        assertThat(second.terminate()).isEqualTo(EXIT_ON_SIGTERM);
        for (PackagedServer server : servers) {
            assertThat(server.errorLines()).as("ERROR lines in " + server.log()).isEmpty();
        }
    }

    private static List<String> listEventually(HttpClientSupport http, Workspace workspace, int size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> listed = list(http, workspace);
        while (listed.size() < size && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
            listed = list(http, workspace);
        }
        assertThat(listed).hasSize(size);
        return listed;
    }

    @Test
    void anExternalPostgreSqlGetsTheSchemaAndTheData(TestInfo test) throws Exception {
        Path dir = workDir(test);
        try (EmbeddedPostgres external = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("external-postgres")).setCleanDataDirectory(true).start()) {
            String jdbcUrl = PackagedServer.prepareDatabaseWithPasswordLogin(external);
            Path dataDir = dir.resolve("data");

            // nodes sharing a database must share the key of secrets at rest: it is required with LEALUP_DB_URL
            String encryptionKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
            PackagedServer server = start(dataDir, "external-db", Map.of(
                    "LEALUP_DB_URL", jdbcUrl, "LEALUP_DB_USER", "lealup", "LEALUP_DB_PASSWORD", "e2e-secret",
                    "LEALUP_ENCRYPTION_KEY", encryptionKey));
            Workspace workspace = server.http().createWorkspace(OPERATOR_TOKEN, "enterprise");
            String id = create(server.http(), workspace, "external.com");
            assertReadable(server.http(), workspace, Map.of(id, "external.com"));

            assertThat(dataDir.resolve("postgres")).as("no embedded database with LEALUP_DB_URL").doesNotExist();
            try (Connection db = DriverManager.getConnection(jdbcUrl, "lealup", "e2e-secret")) {
                assertThat(count(db, "SELECT count(*) FROM flyway_schema_history WHERE success")).isGreaterThanOrEqualTo(4);
                assertThat(count(db, "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '53'"))
                        .as("the Java migration V53, a bean Spring Boot hands to Flyway").isEqualTo(1);
                assertThat(count(db, "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '" + id + "'"))
                        .isEqualTo(1);
                assertThat(count(db, "SELECT count(*) FROM customer_view WHERE id = '" + id + "'")).isEqualTo(1);
                assertThat(count(db, "SELECT count(*) FROM token_entry WHERE processor_name = 'customers'")).isEqualTo(2);
            }
            assertThat(server.terminate()).isEqualTo(EXIT_ON_SIGTERM);
            assertThat(server.errorLines()).as("ERROR lines in " + server.log()).isEmpty();
        }
    }

    /** Never leave a server or its PostgreSQL running on the machine, whatever failed. */
    @AfterEach
    void stopEverything() throws Exception {
        try (Stream<Path> dataDirs = Files.list(workDir)) {
            PackagedServer.stopEverything(servers, dataDirs.toList());
        }
    }

    private PackagedServer start(Path dataDir, String name) throws IOException {
        return start(dataDir, name, Map.of());
    }

    private PackagedServer start(Path dataDir, String name, Map<String, String> env) throws IOException {
        PackagedServer server = PackagedServer.start(dataDir, workDir.resolve(name + ".log"), env);
        servers.add(server);
        return server;
    }

    private Path workDir(TestInfo test) throws IOException {
        workDir = Path.of("target", "e2e", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        FileSystemUtils.deleteRecursively(workDir.toFile());
        return Files.createDirectories(workDir);
    }

    private void assertThatASecondServerOnTheSameDataDirectoryStopsAtOnce(Path dataDir, PackagedServer running,
            Workspace workspace, Map<String, String> customers) throws Exception {
        PackagedServer intruder = PackagedServer.launch(dataDir, workDir.resolve("2b-same-data-dir.log"), Map.of());
        try {
            assertThat(intruder.awaitExit()).isNotZero();
        } finally {
            intruder.kill();
        }
        // told as the operator's problem and its mend, not as the stack trace of the bean that needed the database
        assertThat(intruder.logText()).contains("APPLICATION FAILED TO START")
                .contains("Another LealUp server is running on the data directory")
                .contains("give this server a data directory of its own").doesNotContain("\tat ");
        assertReadable(running.http(), workspace, customers);
    }

    private static void assertThatTheOpenApiSpecIsPublic(HttpClientSupport http) {
        Response spec = http.get("/v1/openapi.json").send();
        assertThat(spec.status()).as(spec.toString()).isEqualTo(200);
        assertThat(spec.json().path("openapi").asText()).startsWith("3.");
        assertThat(spec.json().path("paths").has("/v1/customers")).isTrue();
    }

    private static void assertThatAxonProcessorMetricsAreExposed(HttpClientSupport http) {
        assertThat(http.get("/actuator/prometheus").send().status()).as("metrics are the operator's").isEqualTo(401);
        Response metrics = http.get("/actuator/prometheus").token(OPERATOR_TOKEN).send();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.rawBody()).containsPattern("(?m)^eventProcessor\\w*\\{[^}]*processorName=\"customers\"")
                .doesNotContain("payloadType=").doesNotContain("quantile=");
    }

    /** The customer ids answered 201 and the client event ids of the batches answered 202 before the kill. */
    private record Acknowledged(Set<String> customers, Set<String> eventIds) {
    }

    /**
     * Several clients create customers, and one sends batches of usage events, until the server is killed under
     * them.
     */
    private static Acknowledged writeUntilKilled(PackagedServer server, Workspace workspace, String eventsCustomer)
            throws InterruptedException {
        Acknowledged acknowledged = new Acknowledged(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
        List<Response> refused = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(5);
        for (int i = 0; i < 4; i++) {
            clients.execute(() -> untilKilled(refused, () -> {
                Response created = server.http().post("/v1/customers").token(workspace.token())
                        .json(customer("load-" + next.incrementAndGet() + ".com")).send();
                if (created.status() == 201 || created.status() == 202) {
                    acknowledged.customers().add(created.json().path("id").asText());
                } else {
                    refused.add(created);
                }
            }));
        }
        clients.execute(() -> untilKilled(refused, () -> {
            List<String> ids = new ArrayList<>();
            List<Map<String, Object>> events = new ArrayList<>();
            for (int e = 0; e < 50; e++) {
                ids.add("kill-" + next.incrementAndGet());
                events.add(Map.of("event_id", ids.get(e), "type", "login", "customer_id", eventsCustomer,
                        "timestamp", Instant.now().toString()));
            }
            Response ingested = server.http().post("/v1/events").token(workspace.token())
                    .json(Map.of("events", events)).send();
            if (ingested.status() == 202 && ingested.json().path("accepted").asInt() == ids.size()) {
                acknowledged.eventIds().addAll(ids);
            } else {
                refused.add(ingested);
            }
        }));
        while ((acknowledged.customers().size() < 20 || acknowledged.eventIds().size() < 500) && refused.isEmpty()) {
            PackagedServer.sleep(Duration.ofMillis(20));
        }
        server.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused).isEmpty();
        return acknowledged;
    }

    /** Repeats a write until the server goes away (a request with no answer) or a write is refused. */
    private static void untilKilled(List<Response> refused, Runnable write) {
        try {
            while (refused.isEmpty()) {
                write.run();
            }
        } catch (IllegalStateException connectionLost) {
            // the kill: this client's request got no answer
        }
    }

    /** Every client event id stored for the customer, through GET /v1/events page by page. */
    private static Set<String> ingestedEventIds(HttpClientSupport http, Workspace workspace, String customerId) {
        Set<String> ids = new HashSet<>();
        String cursor = "";
        do {
            Response page = http.get("/v1/events?limit=200&customer_id=" + customerId + cursor)
                    .token(workspace.token()).send();
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("data").forEach(e -> ids.add(e.path("event_id").asText()));
            String next = page.json().path("next_cursor").asText(null);
            cursor = next == null ? null : "&cursor=" + next;
        } while (cursor != null);
        return ids;
    }

    /**
     * From the launch until a first write is acknowledged, which needs its projection's processor to run (the
     * write answers once the read model shows it): the start as a user sees it.
     */
    private static Duration untilAWriteIsAcknowledged(PackagedServer server, Workspace workspace,
                                                      Map<String, String> customers, String domain) {
        Instant start = Instant.now();
        customers.put(create(server.http(), workspace, domain), domain);
        return server.startup().plus(Duration.between(start, Instant.now()));
    }

    /** A created customer's id: 201, or 202 when its read model lags (stored all the same: conventions.md). */
    private static String create(HttpClientSupport http, Workspace workspace, String domain) {
        Response created = http.post("/v1/customers").token(workspace.token()).json(customer(domain)).send();
        assertThat(created.status()).as(created.toString()).isIn(201, 202);
        return created.json().path("id").asText();
    }

    private static Map<String, Object> customer(String domain) {
        return Map.of("name", "Customer " + domain, "email_domain", domain, "arr", 12000, "status", "active");
    }

    /** Every acknowledged customer reads back; one acknowledged by a 202 once its projection caught up. */
    private static void assertReadable(HttpClientSupport http, Workspace workspace, Map<String, String> customers) {
        customers.forEach((id, domain) -> {
            Response read = readEventually(http, workspace, id);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().path("email_domain").asText()).isEqualTo(domain);
        });
    }

    /** The customer as read once its projection shows it (404 for up to a minute: it may still be catching up). */
    private static Response readEventually(HttpClientSupport http, Workspace workspace, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Response read = http.get("/v1/customers/" + id).token(workspace.token()).send();
        while (read.status() == 404 && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(200));
            read = http.get("/v1/customers/" + id).token(workspace.token()).send();
        }
        return read;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every customer of the workspace, every page. */
    private static List<String> list(HttpClientSupport http, Workspace workspace) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response page = http.get("/v1/customers?limit=200" + (cursor == null ? "" : "&cursor=" + cursor))
                    .token(workspace.token()).send();
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            for (JsonNode row : page.json().path("data")) {
                ids.add(row.path("id").asText());
            }
            cursor = page.json().path("has_more").asBoolean() ? page.json().path("next_cursor").asText() : null;
        } while (cursor != null);
        return ids;
    }

    private static long count(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

}
