import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Ingestion benchmark (run by bench/ingest.sh against a running server): 1000-event batches over HTTP from 4
 * concurrent clients; the same rows COPYed into a bare table of the server's PostgreSQL by 4 connections; and the
 * delay from ingestion until GET /v1/customers/{id}/health reflects an NPS answer, measured while the load runs.
 * Args: baseUrl operatorToken pgDataDir seconds
 */
public class IngestBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int CLIENTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_CLIENTS", "4"));
    /** Seconds of the same load before measuring, so that the JIT has compiled the hot paths. */
    static final int WARMUP_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "30"));
    static final int BATCH = 1000;
    static final int CUSTOMERS = 100;
    static final int PROBES = 10;
    /** The probe's polling period: the delays measured are about a second, and polling is load on the server too. */
    static final int POLL_MILLIS = 50;
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String operator = args[1];
        Path pgData = Path.of(args[2]);
        int seconds = Integer.parseInt(args[3]);

        String ws = post(base + "/v1/workspaces", operator, "{\"name\":\"bench\",\"tier\":\"enterprise\"}");
        String token = match(SECRET, ws);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS + PROBES; i++) {
            customers.add(match(ID, post(base + "/v1/customers", token,
                    "{\"name\":\"Customer " + i + "\",\"email_domain\":\"c" + i + ".bench.test\"}")));
        }
        List<String> load = customers.subList(0, CUSTOMERS);
        List<String> probes = customers.subList(CUSTOMERS, customers.size());
        ingest(base, token, load, "w", WARMUP_SECONDS, new AtomicLong(), new ArrayList<>());

        AtomicLong accepted = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> underLoad = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService prober = Executors.newSingleThreadExecutor();
        Future<?> probing = prober.submit(() -> probe(base, token, probes, running, underLoad));
        double elapsed = ingest(base, token, load, "m", seconds, accepted, latencies);
        running.set(false);
        probing.get();
        prober.shutdown();
        List<Long> idle = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            idle.add(probeOnce(base, token, probes.get(i % PROBES), i));
        }
        long rows = accepted.get();
        double httpRate = rows / elapsed;

        double copyRate = copyRate(pgData, (int) Math.max(BATCH * CLIENTS, Math.min(rows, 1_000_000)));
        System.out.printf("events accepted over HTTP: %d in %.1f s (%d batches of %d, %d clients, after %d s of warm-up)"
                + " = %.0f events/s; batch latency p50 %d ms, p99 %d ms%n", rows, elapsed, latencies.size(), BATCH,
                CLIENTS, WARMUP_SECONDS, httpRate, percentile(latencies, 50), percentile(latencies, 99));
        System.out.printf("PostgreSQL COPY of the same rows (1000-row COPYs, %d connections, bare table): %.0f rows/s%n",
                CLIENTS, copyRate);
        System.out.printf("ingestion over HTTP as a fraction of COPY: %.1f %%%n", 100 * httpRate / copyRate);
        System.out.printf("ingestion to health, under load (n=%d): p50 %d ms, p99 %d ms%n", underLoad.size(),
                percentile(underLoad, 50), percentile(underLoad, 99));
        System.out.printf("ingestion to health, idle (n=%d): p50 %d ms, p99 %d ms%n", idle.size(),
                percentile(idle, 50), percentile(idle, 99));
    }

    /** CLIENTS concurrent clients sending batches for {@code seconds}; answers the elapsed seconds. */
    static double ingest(String base, String token, List<String> load, String run, int seconds, AtomicLong accepted,
                         List<Long> latencies) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            String client = run + c;
            clients.add(pool.submit(() -> {
                long n = 0;
                while (running.get()) {
                    String body = batch(load, client + "-" + n++);
                    long t0 = System.nanoTime();
                    String answer = post(base + "/v1/events", token, body);
                    latencies.add((System.nanoTime() - t0) / 1_000_000);
                    accepted.addAndGet(Long.parseLong(answer.replaceAll(".*\"accepted\":(\\d+).*", "$1")));
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    static Void probe(String base, String token, List<String> probes, AtomicBoolean running, List<Long> out) throws Exception {
        int i = 0;
        while (running.get()) {
            out.add(probeOnce(base, token, probes.get(i % probes.size()), i));
            i++;
        }
        return null;
    }

    /** Sends one NPS answer that changes the probe customer's nps dimension; ms until GET .../health shows it. */
    static long probeOnce(String base, String token, String customer, int i) throws Exception {
        int score = (i / PROBES) % 2 == 0 ? 3 : 9;
        long t0 = System.nanoTime();
        post(base + "/v1/events", token, "{\"events\":[{\"type\":\"nps.response\",\"customer_id\":\"" + customer
                + "\",\"timestamp\":\"" + Instant.now() + "\",\"properties\":{\"score\":" + score + "}}]}");
        String expected = "\"latest_nps\":" + score + "}";
        long deadline = t0 + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String health = get(base + "/v1/customers/" + customer + "/health", token);
            if (health.contains(expected)) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("the health of " + customer + " did not show NPS " + score + " within 120 s");
    }

    /**
     * Timestamps within the last day, formatted once: the client shares the server's 2 cores, and formatting 1000
     * instants per batch was a large part of its own work.
     */
    static final String[] TIMESTAMPS = timestamps();

    static String[] timestamps() {
        Instant now = Instant.now();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] timestamps = new String[8192];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = now.minusSeconds(random.nextInt(86_400)).toString();
        }
        return timestamps;
    }

    static String batch(List<String> customers, String prefix) {
        StringBuilder b = new StringBuilder(BATCH * 200).append("{\"events\":[");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"event_id\":\"").append(prefix).append('-').append(i)
                    .append("\",\"type\":\"").append(random.nextInt(4) == 0 ? "feature_used" : "login")
                    .append("\",\"customer_id\":\"").append(customers.get(random.nextInt(customers.size())))
                    .append("\",\"timestamp\":\"").append(TIMESTAMPS[random.nextInt(TIMESTAMPS.length)])
                    .append("\",\"properties\":{\"feature\":\"reports\",\"seat\":").append(random.nextInt(50)).append("}}");
        }
        return b.append("]}").toString();
    }

    /** Rows/s PostgreSQL takes with COPY, 1000 rows per COPY (one transaction each), from 4 connections. */
    static double copyRate(Path pgData, int rows) throws Exception {
        String port = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        // the embedded database's generated password, kept next to its data directory
        String password = Files.readString(pgData.resolveSibling("postgres.password")).trim();
        try (Connection setup = DriverManager.getConnection(url, "postgres", password)) {
            setup.createStatement().execute("""
                    DROP TABLE IF EXISTS bench_copy;
                    CREATE TABLE bench_copy (id text PRIMARY KEY, workspace_id text, customer_id text, type text,
                        occurred_at timestamptz, client_event_id text, properties jsonb, received_at timestamptz)""");
        }
        int perClient = rows / CLIENTS / BATCH;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Long>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                long copied = 0;
                try (Connection connection = DriverManager.getConnection(url, "postgres", password)) {
                    var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                    for (int n = 0; n < perClient; n++) {
                        copied += copy.copyIn("COPY bench_copy FROM STDIN (FORMAT csv)",
                                new StringReader(csv(client + "-" + n)));
                    }
                }
                return copied;
            }));
        }
        long copied = 0;
        for (Future<Long> r : results) {
            copied += r.get();
        }
        pool.shutdown();
        return copied / ((System.nanoTime() - start) / 1e9);
    }

    static String csv(String prefix) {
        StringBuilder b = new StringBuilder(BATCH * 200);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String now = Instant.now().toString();
        for (int i = 0; i < BATCH; i++) {
            b.append("evt_").append(prefix).append('-').append(i).append(",wsp_bench,cus_")
                    .append(random.nextInt(CUSTOMERS)).append(',').append(random.nextInt(4) == 0 ? "feature_used" : "login")
                    .append(',').append(TIMESTAMPS[random.nextInt(TIMESTAMPS.length)]).append(',').append(prefix).append('-').append(i)
                    .append(",\"{\"\"feature\"\":\"\"reports\"\",\"\"seat\"\":").append(random.nextInt(50)).append("}\",")
                    .append(now).append('\n');
        }
        return b.toString();
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String post(String url, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token, url);
    }

    static String get(String url, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token, url);
    }

    static String send(HttpRequest.Builder request, String token, String url) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return m.group(1);
    }
}
