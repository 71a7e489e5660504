package com.lealup.app.e2e;

import static com.lealup.app.e2e.PackagedServer.OPERATOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * kill -9 of the packaged server in the middle of import jobs: after the restart every job finishes, with every row
 * imported exactly once (a chunk imported twice would fail its rows as duplicate email domains), and the interrupted
 * jobs go on at once: the start releases the leases of the killed run (standalone), instead of waiting them out.
 * Twice as many jobs as the runner's workers (4), so that some are left when the kill falls.
 */
class BulkImportKillIT {

    private static final int JOBS = 8;
    private static final int ROWS = 1000;

    private final List<PackagedServer> servers = new ArrayList<>();
    private Path workDir;

    @Test
    void jobsKilledMidwayFinishAfterTheRestartWithEveryRowOnce() throws Exception {
        workDir = Path.of("target", "e2e", "bulk-import-kill").toAbsolutePath();
        FileSystemUtils.deleteRecursively(workDir.toFile());
        Path dataDir = Files.createDirectories(workDir).resolve("data");

        PackagedServer first = start(dataDir, "1-import");
        Workspace workspace = first.http().createWorkspace(OPERATOR_TOKEN, "enterprise");
        List<String> jobs = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            int job = j;
            List<Map<String, Object>> rows = IntStream.range(0, ROWS).mapToObj(i -> Map.<String, Object>of(
                    "name", "Imported " + job + "-" + i, "email_domain", "imp-" + job + "-" + i + ".com",
                    "arr", 1000 + i)).toList();
            Response accepted = first.http().post("/v1/customers/bulk-import").token(workspace.token())
                    .json(Map.of("customers", rows)).send();
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            jobs.add(accepted.json().path("job_id").asText());
        }
        // the kill falls once a worker is done with its first job and took up a fifth: the other workers' jobs are
        // under way (stored chunks) and three are queued (the server's log, not the jobs read model, which lags)
        await(() -> first.logText().lines().filter(line -> line.contains("taken up")).count() > 4,
                Duration.ofMinutes(2));
        first.kill();
        Instant killed = Instant.now();

        PackagedServer second = start(dataDir, "2-after-kill");
        Instant ready = Instant.now();
        assertThat(second.logText()).contains("import job leases left by an earlier run");
        // the first job the restarted runner takes up is one the kill interrupted or left queued
        await(() -> second.logText().contains("taken up"), Duration.ofMinutes(2));
        Duration takenUp = Duration.between(logged(second, "Started LealUpApplication"), logged(second, "taken up"));
        int created = 0;
        for (String jobId : jobs) {
            JsonNode job = awaitJob(second.http(), workspace, jobId, j -> j.path("status").asText().equals("completed"),
                    Duration.ofMinutes(3));
            assertThat(job.path("processed").asInt()).isEqualTo(ROWS);
            assertThat(job.path("failed").asInt()).as("rows imported twice fail as duplicates: %s", job.path("errors"))
                    .isZero();
            assertThat(job.path("errors").size()).isZero();
            created += job.path("created").asInt();
        }
        assertThat(created).isEqualTo(JOBS * ROWS);
        Map<String, Instant> createdAt = allCustomers(second.http(), workspace);
        assertThat(createdAt).hasSize(JOBS * ROWS);
        // which jobs the kill cut: rows stored before it and after the restart (a job resumed from a stored chunk)
        int cut = 0;
        int after = 0;
        for (int j = 0; j < JOBS; j++) {
            String prefix = "imp-" + j + "-";
            long before = createdAt.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix) && e.getValue().isBefore(killed)).count();
            cut += before > 0 && before < ROWS ? 1 : 0;
            after += before < ROWS ? 1 : 0;
        }
        assertThat(after).as("jobs left to the restarted server").isPositive();
        System.out.printf("BulkImportKillIT: restart %d ms after the kill; the first job taken up %d ms after the start;"
                        + " %d of %d jobs went on after the restart, %d of them from a chunk stored before the kill%n", Duration.between(killed, ready).toMillis(),
                takenUp.toMillis(), after, JOBS, cut);
        // generous for a loaded 2-core machine: the runner looks at the queue 1 s after the start, then every 0.5 s
        assertThat(takenUp).isLessThan(Duration.ofSeconds(15));
        assertThat(second.terminate()).isEqualTo(143);
        for (PackagedServer server : servers) {
            assertThat(server.errorLines()).as("ERROR lines in " + server.log()).isEmpty();
        }
    }

    private static JsonNode awaitJob(HttpClientSupport http, Workspace workspace, String jobId,
                                     java.util.function.Predicate<JsonNode> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Response job = http.get("/v1/jobs/" + jobId).token(workspace.token()).send();
            if (job.status() == 200 && condition.test(job.json())) {
                return job.json();
            }
            assertThat(Instant.now()).as("job %s: %s", jobId, job).isBefore(deadline);
            PackagedServer.sleep(Duration.ofMillis(20));
        }
    }

    /** When the server logged the first line containing {@code text} (each line starts with its instant). */
    private static Instant logged(PackagedServer server, String text) {
        return server.logText().lines().filter(line -> line.contains(text)).findFirst()
                .map(line -> Instant.parse(line.substring(0, line.indexOf(' '))))
                .orElseThrow(() -> new AssertionError("no '" + text + "' in " + server.log()));
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s", timeout).isBefore(deadline);
            PackagedServer.sleep(Duration.ofMillis(20));
        }
    }

    /** Every customer's email domain and creation, page by page, once the customers read model has caught up. */
    private static Map<String, Instant> allCustomers(HttpClientSupport http, Workspace workspace) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        Map<String, Instant> customers;
        do {
            customers = new HashMap<>();
            List<String> all = new ArrayList<>();
            String cursor = "";
            while (cursor != null) {
                Response page = http.get("/v1/customers?limit=200" + cursor).token(workspace.token()).send();
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                for (JsonNode c : page.json().path("data")) {
                    all.add(c.path("email_domain").asText());
                    customers.put(c.path("email_domain").asText(), Instant.parse(c.path("created_at").asText()));
                }
                String next = page.json().path("next_cursor").asText(null);
                cursor = next == null ? null : "&cursor=" + next;
            }
            assertThat(all).as("no customer twice").hasSameSizeAs(customers.keySet());
        } while (customers.size() < JOBS * ROWS && Instant.now().isBefore(deadline));
        return customers;
    }

    private PackagedServer start(Path dataDir, String name) throws IOException {
        PackagedServer server = PackagedServer.start(dataDir, workDir.resolve(name + ".log"), Map.of());
        servers.add(server);
        return server;
    }

    /** Never leave a server or its PostgreSQL running on the machine, whatever failed. */
    @AfterEach
    void stopEverything() throws Exception {
        PackagedServer.stopEverything(servers, List.of(workDir.resolve("data")));
    }

}
