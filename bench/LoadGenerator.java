import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The LealUp benchmark's load: creates and reads customers over HTTP against a running server and prints
 * throughput and latency per phase. JDK only, run as a single-file program by {@code bench/run.sh}:
 * {@code java bench/LoadGenerator.java <base-url> <operator-token> [customers]}.
 * <p>
 * Every phase is closed-loop: N clients (threads), each sending its next request when the previous one
 * answered. A request that does not answer 2xx counts as an error and is reported; latency is measured
 * per request, from send to the full body read.
 */
public final class LoadGenerator {

    private static final Pattern ID = Pattern.compile("\"id\":\"(cus_[0-9A-Z]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    private static final String[] STATUSES = {"active", "active", "active", "trial", "paused", "churned"};

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final AtomicInteger domains = new AtomicInteger();
    private final List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    private String token;

    private LoadGenerator(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String operatorToken = args[1];
        int total = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        LoadGenerator bench = new LoadGenerator(baseUrl);
        bench.token = bench.createWorkspace(operatorToken);

        bench.run("warm-up: POST /v1/customers", 16, 2_000, bench::create);
        bench.report(bench.run("POST /v1/customers", 1, 1_000, bench::create));
        bench.report(bench.run("POST /v1/customers", 16, 5_000, bench::create));
        int missing = total - bench.ids.size();
        if (missing > 0) {
            bench.report(bench.run("load to " + total + " customers: POST /v1/customers", 32, missing, bench::create));
        }
        bench.run("warm-up: reads", 16, 2_000, bench::readOne);
        bench.report(bench.run("GET /v1/customers?status=active&limit=50", 16, 20_000, bench::listActive));
        bench.report(bench.run("GET /v1/customers/{id}", 16, 40_000, bench::readOne));
    }

    private record Result(String name, int clients, int requests, int errors, String firstError, double seconds,
                          long[] latenciesNanos) {
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private Result run(String name, int clients, int requests, Call call) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        String[] firstError = new String[1];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = call.send();
                        if (response.statusCode() / 100 != 2) {
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
        pool.shutdown();
        return new Result(name, clients, requests, errors.get(), firstError[0], seconds, latencies);
    }

    private void report(Result result) {
        long[] sorted = result.latenciesNanos().clone();
        Arrays.sort(sorted);
        System.out.printf("%-55s clients=%-3d requests=%-6d %8.1f req/s  p50=%6.1f ms  p99=%7.1f ms  errors=%d%s%n",
                result.name(), result.clients(), result.requests(), result.requests() / result.seconds(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), result.errors(),
                result.firstError() == null ? "" : "  first error: " + abbreviate(result.firstError()));
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
