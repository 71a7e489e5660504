import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Bulk import benchmark (run by bench/import.sh against a running server; compiled with AnalyticsBench for its HTTP
 * helpers). In one workspace of tier enterprise:
 * 1. Reference, same run: 2,000 customers created one request at a time (POST /v1/customers, 16 clients), and reads
 *    (GET /v1/customers/{id} and GET /v1/customers?limit=50, 16 clients) while nothing else runs.
 * 2. The import: JOBS jobs of ROWS rows each (POST /v1/customers/bulk-import, 4 posting clients) while 16 clients keep
 *    reading. Reported: rows/s from the first request to the last job completed (GET /v1/jobs/{id}), the time until
 *    every imported customer is readable (the customers read model counted in PostgreSQL), and the reads' p50/p99
 *    during the import against the reference.
 * Args: baseUrl operatorToken pgDataDir jobs rowsPerJob
 */
public class ImportBench {

    static final int CLIENTS = 16;
    static final int REFERENCE_CREATES = 2000;
    static final Pattern JOB_ID = Pattern.compile("\"job_id\":\"([^\"]+)\"");
    static final Pattern STATUS = Pattern.compile("\"status\":\"([^\"]+)\"");
    static final Pattern FAILED = Pattern.compile("\"failed\":(\\d+)");
    static final Pattern ID = Pattern.compile("\"id\":\"(cus_[^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String ws = AnalyticsBench.send(base + "/v1/workspaces", args[1], "{\"name\":\"bench\",\"tier\":\"enterprise\"}");
        String token = AnalyticsBench.match(AnalyticsBench.SECRET, ws);
        String workspaceId = AnalyticsBench.match(AnalyticsBench.WORKSPACE, ws);
        int jobs = Integer.parseInt(args[3]);
        int rows = Integer.parseInt(args[4]);
        String port = Files.readAllLines(Path.of(args[2]).resolve("postmaster.pid")).get(3).trim();
        String password = Files.readString(Path.of(args[2]).resolveSibling("postgres.password")).trim();
        String renewal = LocalDate.now(ZoneOffset.UTC).plusMonths(6).toString();

        // 1. reference: one create per request, then reads with nothing else running
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long c0 = System.nanoTime();
        List<Future<?>> creates = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            creates.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < REFERENCE_CREATES; i = next.getAndIncrement()) {
                    String created = AnalyticsBench.send(base + "/v1/customers", token,
                            row("Single " + i, "single-" + i + ".example.com", renewal));
                    ids.add(AnalyticsBench.match(ID, created));
                }
                return null;
            }));
        }
        for (Future<?> f : creates) {
            f.get();
        }
        double singleRate = REFERENCE_CREATES / ((System.nanoTime() - c0) / 1e9);
        System.out.printf("reference: %,d single creates, %d clients: %.0f customers/s%n", REFERENCE_CREATES, CLIENTS,
                singleRate);
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> quiet = read(base, token, ids, clients, stop, 10_000);
        report("reference reads, nothing else running", quiet, 10);

        // 2. the import, with 16 readers running all along
        ConcurrentLinkedQueue<Long> underImport = new ConcurrentLinkedQueue<>();
        stop.set(false);
        List<Future<List<Long>>> readers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            readers.add(clients.submit(() -> readUntil(base, token, ids, stop)));
        }
        ExecutorService posters = Executors.newFixedThreadPool(4);
        List<String> jobIds = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger nextJob = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<?>> posts = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            posts.add(posters.submit(() -> {
                for (int j = nextJob.getAndIncrement(); j < jobs; j = nextJob.getAndIncrement()) {
                    StringBuilder body = new StringBuilder("{\"customers\":[");
                    for (int i = 0; i < rows; i++) {
                        body.append(i == 0 ? "" : ",").append(row("Imported " + j + "-" + i, "imp-" + j + "-" + i + ".example.com", renewal));
                    }
                    jobIds.add(AnalyticsBench.match(JOB_ID, AnalyticsBench.send(base + "/v1/customers/bulk-import", token,
                            body.append("]}").toString())));
                }
                return null;
            }));
        }
        for (Future<?> f : posts) {
            f.get();
        }
        double posted = (System.nanoTime() - t0) / 1e9;
        int failedRows = 0;
        for (String jobId : jobIds) {
            while (true) {
                String job = AnalyticsBench.send(base + "/v1/jobs/" + jobId, token, null);
                if (AnalyticsBench.match(STATUS, job).equals("completed")) {
                    failedRows += Integer.parseInt(AnalyticsBench.match(FAILED, job));
                    break;
                }
                Thread.sleep(50);
            }
        }
        double completed = (System.nanoTime() - t0) / 1e9;
        long expected = (long) jobs * rows + REFERENCE_CREATES;
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password);
             PreparedStatement count = db.prepareStatement("SELECT count(*) FROM customer_view WHERE workspace_id = ?")) {
            count.setString(1, workspaceId);
            while (true) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= expected) {
                        break;
                    }
                }
                // once a second: the count of 100,000 rows being written kept a backend busy most of the time when it
                // ran every 100 ms, slowing the projections it waits for
                Thread.sleep(1000);
            }
        }
        double readable = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        List<Long> during = new ArrayList<>();
        for (Future<List<Long>> f : readers) {
            during.addAll(f.get());
        }
        clients.shutdown();
        posters.shutdown();
        long imported = (long) jobs * rows;
        System.out.printf("import: %d jobs of %,d rows (%,d failed rows): requests posted in %.1f s; "
                        + "last job completed after %.1f s: %.0f rows/s (%.1f x the single creates); "
                        + "all readable after %.1f s: %.0f rows/s%n", jobs, rows, failedRows, posted, completed,
                imported / completed, imported / completed / singleRate, readable, imported / readable);
        report("reads during the import (until all readable)", during, readable);
    }

    static String row(String name, String domain, String renewal) {
        return "{\"name\":\"" + name + "\",\"email_domain\":\"" + domain + "\",\"arr\":" + (1000 + domain.length() * 37)
                + ",\"status\":\"active\",\"renewal_date\":\"" + renewal
                + "\",\"custom_fields\":{\"tier\":\"gold\",\"seats\":12}}";
    }

    /** Half reads by id, half list pages; each client for {@code millis}. */
    static List<Long> read(String base, String token, List<String> ids, ExecutorService clients, AtomicBoolean stop,
                           long millis) throws Exception {
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(clients.submit(() -> readUntil(base, token, ids, stop)));
        }
        Thread.sleep(millis);
        stop.set(true);
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        return all;
    }

    static List<Long> readUntil(String base, String token, List<String> ids, AtomicBoolean stop) throws Exception {
        List<Long> latencies = new ArrayList<>();
        while (!stop.get()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String path = random.nextBoolean() ? "/v1/customers/" + ids.get(random.nextInt(ids.size()))
                    : "/v1/customers?limit=50";
            long s = System.nanoTime();
            AnalyticsBench.send(base + path, token, null);
            latencies.add(System.nanoTime() - s);
        }
        return latencies;
    }

    static void report(String name, List<Long> latencies, double seconds) {
        Collections.sort(latencies);
        System.out.printf("%-50s %,7d reads, %6.1f reads/s  p50 %6.1f ms  p99 %6.1f ms%n", name, latencies.size(),
                latencies.size() / seconds, latencies.get(latencies.size() / 2) / 1e6,
                latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1e6);
    }
}
