import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load of bench/nodes.sh, spread round robin over the nodes given (one PostgreSQL behind them):
 * <pre>
 *   java bench/NodesBench.java throughput OPERATOR_TOKEN SECONDS URL...   creates/s then reads/s, 16 clients
 *   java bench/NodesBench.java load OPERATOR_TOKEN SECONDS URL            creates through one node, 4 clients,
 *                                                                         counting the answers that are not 201/202
 * </pre>
 */
public final class NodesBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"(cus_[0-9A-Z]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> nodes;
    private final String token;
    private final List<String> ids = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong(System.nanoTime());

    private NodesBench(List<String> nodes, String token) {
        this.nodes = nodes;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String operatorToken = args[1];
        int seconds = Integer.parseInt(args[2]);
        List<String> nodes = List.of(Arrays.copyOfRange(args, 3, args.length));
        NodesBench bench = new NodesBench(nodes, workspace(nodes.get(0), operatorToken));
        if (mode.equals("load")) {
            bench.timed("creates through one node while another dies", 4, seconds, bench::create, true);
            return;
        }
        bench.timed("warm-up", 16, 3, bench::create, false);
        bench.timed("POST /v1/customers", 16, seconds, bench::create, true);
        bench.timed("GET /v1/customers/{id}", 16, seconds, bench::read, true);
    }

    private static String workspace(String node, String operatorToken) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/v1/workspaces"))
                .header("Authorization", "Bearer " + operatorToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"nodes bench\",\"tier\":\"enterprise\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher secret = SECRET.matcher(created.body());
        if (created.statusCode() != 201 || !secret.find()) {
            throw new IllegalStateException("workspace: " + created.statusCode() + " " + created.body());
        }
        return secret.group(1);
    }

    @FunctionalInterface
    private interface Call {
        int send(String node) throws IOException, InterruptedException;
    }

    private int create(String node) throws IOException, InterruptedException {
        long n = sequence.incrementAndGet();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/v1/customers"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Customer " + n + "\",\"email_domain\":\"n" + n
                        + ".example.com\",\"arr\":12000,\"status\":\"active\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(response.body());
        if (id.find()) {
            synchronized (ids) {
                ids.add(id.group(1));
            }
        }
        return response.statusCode();
    }

    private int read(String node) throws IOException, InterruptedException {
        String id;
        synchronized (ids) {
            id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(node + "/v1/customers/" + id))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code clients} clients for {@code seconds}, each request to the next node in turn. */
    private void timed(String name, int clients, int seconds, Call call, boolean print) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    String node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = call.send(node);
                    } catch (IOException e) {
                        status = -1;
                    }
                    latencies.add(System.nanoTime() - sent);
                    if (status / 100 != 2) {
                        failed.incrementAndGet();
                        failures.add(Integer.toString(status));
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (print) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%-45s nodes=%d clients=%-2d %8.1f req/s  p50=%6.1f ms  p99=%7.1f ms  failed=%d%s%n", name,
                    nodes.size(), clients, sorted.length / elapsed, sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6, failed.get(),
                    failures.isEmpty() ? "" : " (statuses " + failures.stream().distinct().toList() + ")");
        }
    }
}
