import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    private final AtomicInteger connections = new AtomicInteger();
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
        ServerSocket receiver = bench.receiver();
        String url = "http://127.0.0.1:" + receiver.getLocalPort() + "/hook";

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
                        + "costs %.1f %% of the create throughput (aim: < 10 %%; receiver requests %d on %d connections)%n",
                ratios.stream().map(r -> String.format("%.0f %%", 100 * r)).toList(), 100 * median, 100 * (1 - median),
                bench.requests.get(), bench.connections.get());
        receiver.close();
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

    /**
     * The receiver: a plain HTTP/1.1 server on blocking sockets, a thread per connection (the server's client keeps
     * its few connections alive), that reads each request in full (headers, then the body by Content-Length or
     * chunked) and answers 204 with a Date. The JDK's HttpServer cost about twice as much CPU per request (a selector
     * thread hands each exchange to a worker and takes the connection back), all of it on the machine the server
     * shares: this receiver stands for the outside world, so it should weigh on the figures as little as a real one.
     */
    private ServerSocket receiver() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    connections.incrementAndGet();
                    Thread worker = new Thread(() -> serve(connection), "receiver-connection");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "receiver-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream(), 16384);
            OutputStream out = connection.getOutputStream();
            while (true) {
                String requestLine = line(in);
                while (requestLine != null && requestLine.isEmpty()) {
                    requestLine = line(in); // RFC 9112 2.2: empty lines before a request line are ignored
                }
                if (requestLine == null) {
                    return;
                }
                boolean http10 = requestLine.endsWith("HTTP/1.0");
                if (!http10 && !requestLine.endsWith("HTTP/1.1")) {
                    answer(out, "400 Bad Request", true);
                    return;
                }
                long length = 0;
                boolean chunked = false;
                boolean close = http10;
                String webhookId = null;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        answer(out, "400 Bad Request", true);
                        return;
                    }
                    String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                        case "connection" -> close = value.equalsIgnoreCase("close")
                                || http10 && !value.equalsIgnoreCase("keep-alive");
                        case "expect" -> {
                            if (value.equalsIgnoreCase("100-continue")) {
                                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                                out.flush();
                            }
                        }
                        case "webhook-id" -> webhookId = value;
                        default -> {
                        }
                    }
                }
                byte[] body = chunked ? chunkedBody(in) : in.readNBytes((int) length);
                if (body.length < length) {
                    return; // the client went away mid-body
                }
                received(webhookId, new String(body, StandardCharsets.UTF_8));
                answer(out, "204 No Content", close);
                if (close) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a broken or malformed connection: closed
        }
    }

    private void received(String webhookId, String body) {
        long at = System.nanoTime();
        Instant now = Instant.now();
        requests.incrementAndGet();
        Matcher created = CREATED_AT.matcher(body);
        if (created.find() && webhookId != null) {
            long lag = Duration.between(Instant.parse(created.group(1)), now).toNanos();
            received.putIfAbsent(webhookId, new long[] {lag, at});
        }
    }

    private static void answer(OutputStream out, String status, boolean close) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nDate: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC)) + (close ? "\r\nConnection: close" : "") + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A chunked body (RFC 9112 7.1): chunks of a hex size line, data and CRLF, up to the last, then trailers. */
    private static byte[] chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("chunked body cut short");
            }
            int extension = size.indexOf(';');
            int length = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (length == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are read and ignored
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    /** A line without its CRLF (or bare LF); null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (line.length() > 16384) {
                throw new IOException("line too long");
            }
            line.append((char) b);
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
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
