import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LealUp benchmark's load: creates, updates and reads customers over HTTP against a running server and prints
 * throughput, latency and CPU per phase, next to two references measured in the same run on the same machine:
 * PostgreSQL's own single-row INSERT + commit rate (bare table, JDBC, fsync on) and the rate of a trivial endpoint of
 * the same server ({@code /actuator/health/liveness}). Compiled with {@link ProcessCpu} and run by {@code bench/run.sh}:
 * {@code LoadGenerator <base-url> <operator-token> <customers> <pg data dir> <server pid>}.
 * <p>
 * Every phase is closed-loop: N clients (threads), each sending its next request when the previous one
 * answered. A request that does not answer 2xx counts as an error and is reported; latency is measured
 * per request, from send to the full body read. CPU per request is the CPU time the server's JVM, PostgreSQL's
 * processes and the whole machine (the load generator included) spent during the phase, divided by its requests.
 */
public final class LoadGenerator {

    private static final Pattern ID = Pattern.compile("\"id\":\"(cus_[0-9A-Z]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    private static final String[] STATUSES = {"active", "active", "active", "trial", "paused", "churned"};

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final ProcessCpu cpu;
    private final AtomicInteger domains = new AtomicInteger();
    private final List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    private String token;

    private LoadGenerator(String baseUrl, ProcessCpu cpu) {
        this.baseUrl = baseUrl;
        this.cpu = cpu;
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String operatorToken = args[1];
        int total = Integer.parseInt(args[2]);
        Path pgData = Path.of(args[3]);
        LoadGenerator bench = new LoadGenerator(baseUrl, new ProcessCpu(Long.parseLong(args[4])));
        bench.token = bench.createWorkspace(operatorToken);

        if (Boolean.parseBoolean(System.getenv("BENCH_READS_ONLY"))) {
            Result[] reads = bench.loadAndRead(total);
            System.out.println("== against the same run's reference (aims of issue 18 in brackets)");
            readRatios(reads);
            return;
        }
        // the lag reads too: the measured create phases send them, and HotSpot compiles the request path for what it
        // has seen (a write-only warm-up's code is thrown away at the first GET, then compiled again in the phase)
        bench.warmUp("POST /v1/customers and PATCH", WRITE_WARM_UP_ROUNDS, () -> bench.readingLags(() -> {
            bench.run("warm-up: POST /v1/customers", 16, 2_000, bench::create);
            bench.run("warm-up: PATCH", 16, 500, bench::patch);
        }));
        Result create1 = bench.report(bench.run("POST /v1/customers", 1, 1_000, bench::create));
        Result create16 = bench.watchingLag(() -> bench.report(bench.run("POST /v1/customers", 16, 5_000, bench::create)));
        Result insert1 = bench.report(bench.insertAndCommit(pgData, 1, 1_000));
        Result insert16 = bench.report(bench.insertAndCommit(pgData, 16, 5_000));
        Result patch16 = bench.report(bench.run("PATCH /v1/customers/{id}", 16, 5_000, bench::patch));
        Result[] reads = bench.loadAndRead(total);

        System.out.println("== against the same run's references (aims of issue 18 in brackets)");
        ratio("creates, 1 client / PostgreSQL INSERT+commit, 1 connection", create1, insert1, "-");
        ratio("creates, 16 clients / PostgreSQL INSERT+commit, 16 connections", create16, insert16, ">= 25 %");
        ratio("PATCH, 16 clients / PostgreSQL INSERT+commit, 16 connections", patch16, insert16, ">= 25 %");
        readRatios(reads);
    }

    /**
     * Creates customers up to {@code total}, then the read phases: the reference, the list, by id. Alone (without the
     * write phases before it) when BENCH_READS_ONLY=true, to iterate on the read paths faster.
     */
    private Result[] loadAndRead(int total) throws Exception {
        int missing = total - ids.size();
        if (missing > 0) {
            watchingLag(() -> report(run("load to " + total + " customers: POST /v1/customers", 32, missing, this::create)));
        }
        warmUp("reads", READ_WARM_UP_ROUNDS, () -> {
            run("warm-up: GET /actuator/health/liveness", 16, 5_000, this::liveness);
            run("warm-up: GET /v1/customers", 16, 5_000, this::listActive);
            run("warm-up: GET /v1/customers/{id}", 16, 5_000, this::readOne);
        });
        Result trivial = report(run("reference: GET /actuator/health/liveness", 16, 40_000, this::liveness));
        Result list = report(run("GET /v1/customers?status=active&limit=50", 16, 20_000, this::listActive));
        Result one = report(run("GET /v1/customers/{id}", 16, 40_000, this::readOne));
        return new Result[] {trivial, list, one};
    }

    private static void readRatios(Result[] reads) {
        ratio("list, 16 clients / trivial endpoint, 16 clients", reads[1], reads[0], ">= 50 %");
        ratio("read by id, 16 clients / trivial endpoint, 16 clients", reads[2], reads[0], ">= 50 %");
    }

    private record Result(String name, int clients, int requests, int errors, String firstError, double seconds,
                          long[] latenciesNanos, ProcessCpu.Spent cpu) {

        double rate() {
            return requests / seconds;
        }
    }

    @FunctionalInterface
    private interface Phase {
        Result run() throws Exception;
    }

    @FunctionalInterface
    private interface Round {
        void run() throws Exception;
    }

    /** At least this many rounds of each warm-up, then more until the compilers settle, up to four times as many. */
    private static final int WRITE_WARM_UP_ROUNDS = 8;
    private static final int READ_WARM_UP_ROUNDS = 10;
    /** Settled: two rounds in a row in which the JIT compilers took less than this share of the server's CPU. */
    private static final double SETTLED_JIT_SHARE = 0.05;

    /**
     * Runs a warm-up round at least {@code rounds} times, then until the JIT compilers have settled (two rounds in a
     * row under {@value #SETTLED_JIT_SHARE} of the server's CPU, at most {@code 4 * rounds} in all), and prints the
     * share of the server's CPU they took in each round. On 2 cores HotSpot's C2 compiles the server's deep Spring and
     * Axon stacks for minutes (in the first rounds of writes it took as much CPU as the request threads, and it still
     * took 12-20 % after 20 rounds of writes): a phase measured before would count the compiler as the server's cost,
     * and the references, far smaller code, are compiled long before the paths they are compared with.
     */
    private void warmUp(String what, int rounds, Round round) throws Exception {
        StringBuilder shares = new StringBuilder();
        int settledRounds = 0;
        int n = 0;
        while (n < rounds || settledRounds < 2 && n < 4 * rounds) {
            n++;
            ProcessCpu.Mark before = cpu.mark();
            round.run();
            ProcessCpu.Spent spent = cpu.since(before);
            double jitShare = spent.jitMillis() / spent.serverMillis();
            settledRounds = jitShare < SETTLED_JIT_SHARE ? settledRounds + 1 : 0;
            shares.append(String.format("%s%.0f %%", n == 1 ? "" : ", ", 100 * jitShare));
        }
        System.out.printf("warm-up (%s, %d rounds, %s): the JIT compilers' share of the server's CPU, round by round: %s%n",
                what, n, settledRounds >= 2 ? "settled" : "NOT settled", shares);
    }

    private static final Pattern LAG = Pattern.compile("\\{\"name\":\"([^\"]+)\"[^{}]*?\"lag\":(\\d+)");

    /**
     * Runs a write phase while reading every projection's lag (events behind the store's head, GET
     * /v1/admin/projections) every 250 ms; prints the largest lag seen, the lag when the phase ended, and how long
     * after its end every projection had caught up: a lag that grows with the phase means the projections do not
     * keep up with the load.
     */
    private Result watchingLag(Phase phase) throws Exception {
        Result[] result = new Result[1];
        java.util.Map<String, Long> largest = readingLags(() -> result[0] = phase.run());
        long ended = System.nanoTime();
        java.util.Map<String, Long> atEnd = lags();
        java.util.Map<String, Long> now = atEnd;
        while (now.values().stream().anyMatch(lag -> lag > 0) && System.nanoTime() - ended < 120e9) {
            sleep(50);
            now = lags();
        }
        String worst = largest.entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .map(e -> e.getKey() + " " + e.getValue()).orElse("-");
        String behind = atEnd.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("none");
        System.out.printf("    projections' lag (events): largest during the phase %s; at its end %s; all caught up %s%n",
                worst, behind, now.values().stream().anyMatch(lag -> lag > 0) ? "NOT within 120 s"
                        : String.format("%.0f ms after it", (System.nanoTime() - ended) / 1e6));
        return result[0];
    }

    /** Runs {@code round} while reading every projection's lag every 250 ms; answers the largest lag of each. */
    private java.util.Map<String, Long> readingLags(Round round) throws Exception {
        java.util.Map<String, Long> largest = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                lags().forEach((name, lag) -> largest.merge(name, lag, Math::max));
                sleep(250);
            }
        });
        watcher.start();
        try {
            round.run();
        } finally {
            running.set(false);
            watcher.join();
        }
        return largest;
    }

    private java.util.Map<String, Long> lags() {
        java.util.Map<String, Long> lags = new java.util.TreeMap<>();
        try {
            Matcher row = LAG.matcher(client.send(get("/v1/admin/projections"), HttpResponse.BodyHandlers.ofString()).body());
            while (row.find()) {
                lags.put(row.group(1), Long.parseLong(row.group(2)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lags;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ratio(String what, Result measured, Result reference, String aim) {
        System.out.printf("%-66s %5.1f %%  (%s)%n", what, 100 * measured.rate() / reference.rate(), aim);
    }

    @FunctionalInterface
    private interface Call {
        /** One request; null for a reference call that answers no HTTP response and succeeded. */
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private Result run(String name, int clients, int requests, Call call) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        String[] firstError = new String[1];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        ProcessCpu.Mark cpuBefore = cpu.mark();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = call.send();
                        if (response != null && response.statusCode() / 100 != 2) {
                            errors.incrementAndGet();
                            firstError[0] = firstError[0] == null ? response.statusCode() + " " + response.body() : firstError[0];
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError[0] = firstError[0] == null ? e.toString() : firstError[0];
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessCpu.Spent spent = cpu.since(cpuBefore);
        pool.shutdown();
        return new Result(name, clients, requests, errors.get(), firstError[0], seconds, latencies, spent);
    }

    /**
     * The reference for writes: what PostgreSQL alone takes of one-row transactions (INSERT of a customer-sized row,
     * then commit, each waiting for its WAL flush) on a bare table of the server's own database, from N connections.
     */
    private Result insertAndCommit(Path pgData, int connections, int rows) throws Exception {
        String port = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        // the embedded database's generated password, kept next to its data directory
        String password = Files.readString(pgData.resolveSibling("postgres.password")).trim();
        try (Connection setup = DriverManager.getConnection(url, "postgres", password)) {
            setup.createStatement().execute("""
                    CREATE TABLE IF NOT EXISTS bench_insert (id text PRIMARY KEY, workspace_id text NOT NULL,
                        name text NOT NULL, email_domain text, arr numeric, status text, custom_fields jsonb,
                        created_at timestamptz NOT NULL DEFAULT now())""");
        }
        List<Connection> pool = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            pool.add(DriverManager.getConnection(url, "postgres", password));
        }
        java.util.concurrent.BlockingQueue<Connection> free = new java.util.concurrent.LinkedBlockingQueue<>(pool);
        AtomicInteger next = new AtomicInteger();
        String prefix = "ref" + connections + "-";
        try {
            return run("reference: PostgreSQL INSERT + commit", connections, rows, () -> {
                Connection connection = free.take();
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO bench_insert (id, workspace_id, name, email_domain, arr, status, custom_fields)"
                                + " VALUES (?, 'wsp_bench', ?, ?, ?, 'active', '{\"industry\":\"Fintech\"}'::jsonb)")) {
                    int n = next.incrementAndGet();
                    insert.setString(1, prefix + n);
                    insert.setString(2, "Customer " + n);
                    insert.setString(3, prefix + n + ".example.com");
                    insert.setInt(4, ThreadLocalRandom.current().nextInt(1_000, 500_000));
                    insert.executeUpdate();
                    return null;
                } catch (java.sql.SQLException e) {
                    throw new IOException(e);
                } finally {
                    free.add(connection);
                }
            });
        } finally {
            for (Connection connection : pool) {
                connection.close();
            }
        }
    }

    private Result report(Result result) {
        long[] sorted = result.latenciesNanos().clone();
        Arrays.sort(sorted);
        System.out.printf("%-55s clients=%-3d requests=%-6d %8.1f req/s  p50=%6.1f ms  p99=%7.1f ms  "
                        + "CPU ms/req: server %.2f (JIT %.2f), postgres %.2f, bench %.2f, machine %.2f  errors=%d%s%n",
                result.name(), result.clients(), result.requests(), result.rate(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), result.cpu().serverMillis() / result.requests(),
                result.cpu().jitMillis() / result.requests(), result.cpu().postgresMillis() / result.requests(),
                result.cpu().benchMillis() / result.requests(), result.cpu().machineMillis() / result.requests(),
                result.errors(), result.firstError() == null ? "" : "  first error: " + abbreviate(result.firstError()));
        return result;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private String createWorkspace(String operatorToken) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(post("/v1/workspaces", operatorToken,
                "{\"name\":\"Benchmark\",\"tier\":\"enterprise\"}"), HttpResponse.BodyHandlers.ofString());
        Matcher secret = SECRET.matcher(response.body());
        if (response.statusCode() != 201 || !secret.find()) {
            throw new IllegalStateException("workspace creation failed: " + response.statusCode() + " " + response.body());
        }
        return secret.group(1);
    }

    private HttpResponse<String> create() throws IOException, InterruptedException {
        int n = domains.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "{\"name\":\"Customer " + n + "\",\"email_domain\":\"customer-" + n + ".example.com\",\"arr\":"
                + random.nextInt(1_000, 500_000) + ",\"status\":\"" + STATUSES[n % STATUSES.length]
                + "\",\"custom_fields\":{\"industry\":\"Fintech\"}}";
        HttpResponse<String> response = client.send(post("/v1/customers", token, body), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(response.body());
        if (response.statusCode() == 201 && id.find()) {
            ids.add(id.group(1));
        }
        return response;
    }

    private HttpResponse<String> patch() throws IOException, InterruptedException {
        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        String body = "{\"arr\":" + ThreadLocalRandom.current().nextInt(1_000, 500_000)
                + ",\"custom_fields\":{\"tier\":\"gold\"}}";
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/customers/" + id))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> liveness() throws IOException, InterruptedException {
        return client.send(get("/actuator/health/liveness"), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> listActive() throws IOException, InterruptedException {
        return client.send(get("/v1/customers?status=active&limit=50"), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> readOne() throws IOException, InterruptedException {
        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        return client.send(get("/v1/customers/" + id), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private HttpRequest post(String path, String bearer, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
