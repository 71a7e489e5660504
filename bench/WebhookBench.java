import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook delivery under the customers create load (docs/PERFORMANCE.md, "Webhooks"): creates with 16 clients in
 * alternating phases without and with one subscription to "*" on a local receiver (this JVM, 127.0.0.1), and for the
 * phases with it: deliveries per second, and the lag from the event (the payload's created_at, the server's clock on
 * the same machine) to its receipt, p50 and p99. Run by bench/webhooks.sh.
 */
public final class WebhookBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"((?:cus|whk)_[0-9A-Z]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    private static final Pattern CREATED_AT = Pattern.compile("\"created_at\":\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final ProcessCpu cpu;
    private final AtomicInteger domains = new AtomicInteger();
    /** Receipt of each message (first one only), by webhook-id: [lag nanos, receipt nanoTime]. */
    private final Map<String, long[]> received = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private String token;

    private WebhookBench(String baseUrl, ProcessCpu cpu) {
        this.baseUrl = baseUrl;
        this.cpu = cpu;
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            // as below: a failed run must end, or the script and the benchmarks' lock wait for it forever
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        WebhookBench bench = new WebhookBench(args[0], new ProcessCpu(Long.parseLong(args[4])));
        int perPhase = Integer.parseInt(args[2]);
        bench.token = bench.workspace(args[1]);
        HttpServer receiver = bench.receiver();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        // the JIT keeps speeding the server up for ten thousand creates and more: a warm-up of three phases, the
        // last with a subscription (the delivery path warms up too), then rounds in ABBA order (without-with, with-without, ...)
        // so that a drift of the machine weighs on both sides alike
        bench.creates("warm-up", 2 * perPhase);
        bench.withSubscription(url, 0, perPhase);
        int rounds = Integer.parseInt(args[3]);
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double without;
            double with;
            if (round % 2 == 1) {
                without = bench.creates("round " + round + " without subscription", perPhase);
                with = bench.withSubscription(url, round, perPhase);
            } else {
                with = bench.withSubscription(url, round, perPhase);
                without = bench.creates("round " + round + " without subscription", perPhase);
            }
            ratios.add(with / without);
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        double median = (sorted.get((rounds - 1) / 2) + sorted.get(rounds / 2)) / 2;
        System.out.printf("creates/s with a subscription / without, per round: %s; median %.1f %%: the subscription "
                        + "costs %.1f %% of the create throughput (aim: < 10 %%; receiver requests %d)%n",
                ratios.stream().map(r -> String.format("%.0f %%", 100 * r)).toList(), 100 * median, 100 * (1 - median),
                bench.requests.get());
        receiver.stop(0);
        // the receiver's worker threads would keep this JVM, and the script waiting for it, alive
        System.exit(0);
    }

    /** A round of creates with one subscription to "*": its creates per second, and its deliveries reported. */
    private double withSubscription(String url, int round, int creates) throws Exception {
        String subscription = subscribe(url);
        received.clear();
        long start = System.nanoTime();
        double rate = creates("round " + round + " with a subscription to \"*\"", creates);
        double createSeconds = (System.nanoTime() - start) / 1e9;
        int duringLoad = received.size();
        awaitReceived(creates);
        reportDeliveries(creates, createSeconds, duringLoad, (System.nanoTime() - start) / 1e9);
        delete(subscription);
        return rate;
    }

    private HttpServer receiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            long at = System.nanoTime();
            Instant now = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.incrementAndGet();
            Matcher created = CREATED_AT.matcher(body);
            if (created.find()) {
                long lag = Duration.between(Instant.parse(created.group(1)), now).toNanos();
                received.putIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), new long[] {lag, at});
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Creates with 16 clients; answers creates per second. */
    private double creates(String name, int total) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        ProcessCpu.Mark cpuBefore = cpu.mark();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    int n = domains.incrementAndGet();
                    HttpResponse<String> response = send(post("/v1/customers", "{\"name\":\"Customer " + n
                            + "\",\"email_domain\":\"customer-" + n + ".example.com\",\"arr\":12000,"
                            + "\"custom_fields\":{\"industry\":\"Fintech\"}}"));
                    if (response.statusCode() != 201) {
                        errors.incrementAndGet();
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
        Arrays.sort(latencies);
        System.out.printf("%-45s creates=%-5d %7.1f creates/s  p50=%6.1f ms  p99=%7.1f ms  errors=%d  CPU ms/create: "
                        + "server %.2f, postgres %.2f, bench %.2f, machine %.2f%n", name, total, total / seconds,
                percentile(latencies, 0.5), percentile(latencies, 0.99), errors.get(), spent.serverMillis() / total,
                spent.postgresMillis() / total, spent.benchMillis() / total, spent.machineMillis() / total);
        return total / seconds;
    }

    private void reportDeliveries(int total, double createSeconds, int duringLoad, double drainedSeconds) {
        long[] lags = received.values().stream().mapToLong(r -> r[0]).sorted().toArray();
        System.out.printf("  deliveries: %d during the %.1f s of load (%.1f/s), all %d after %.1f s (%.1f/s); "
                        + "lag event->receipt p50=%.1f ms p99=%.1f ms max=%.1f ms%n", duringLoad, createSeconds,
                duringLoad / createSeconds, lags.length, drainedSeconds, lags.length / drainedSeconds,
                percentile(lags, 0.5), percentile(lags, 0.99), lags[lags.length - 1] / 1e6);
    }

    private void awaitReceived(int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(300);
        while (received.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + received.size() + " of " + count + " delivered");
            }
            Thread.sleep(20);
        }
    }

    private String subscribe(String url) throws Exception {
        HttpResponse<String> response = send(post("/v1/webhook-subscriptions",
                "{\"url\":\"" + url + "\",\"events\":[\"*\"]}"));
        Matcher id = ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("subscription failed: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    private void delete(String subscription) throws Exception {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/webhook-subscriptions/" + subscription))
                .header("Authorization", "Bearer " + token).DELETE().build());
    }

    private String workspace(String operatorToken) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/workspaces"))
                .header("Authorization", "Bearer " + operatorToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Webhook bench\",\"tier\":\"enterprise\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher secret = SECRET.matcher(response.body());
        if (response.statusCode() != 201 || !secret.find()) {
            throw new IllegalStateException("workspace creation failed: " + response.body());
        }
        return secret.group(1);
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
