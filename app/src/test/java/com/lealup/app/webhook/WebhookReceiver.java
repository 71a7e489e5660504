package com.lealup.app.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.HttpClientSupport;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local webhook receiver on 127.0.0.1 (allow-listed in the API tests): records every request; answers 204 unless
 * the test scripted other statuses (each used once, in order); can be stopped and started again on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** {@code target}: the request line's target as it came on the wire (path and query, still percent-encoded). */
    public record Received(String target, Map<String, String> headers, String body, Instant at) {
        public JsonNode json() {
            try {
                return HttpClientSupport.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** A scripted answer. */
    record Answer(int status, Map<String, String> headers) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private volatile int defaultStatus = 204;
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch replaysHeld;
    private HttpServer server;
    private int port;

    public WebhookReceiver() {
        start(0);
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    void answer(int status, int times) {
        for (int i = 0; i < times; i++) {
            script.add(new Answer(status, Map.of()));
        }
    }

    void answer(Answer answer) {
        script.add(answer);
    }

    /** Every request not scripted gets {@code status}. */
    void answerAlways(int status) {
        defaultStatus = status;
    }

    /** Every answer waits {@code delay} (a slow receiver, so that deliveries are in flight). */
    public void answerAfter(Duration delay) {
        this.delay = delay;
    }

    /** Replayed requests ({@code webhook-replay: true}) wait unanswered until {@link #releaseReplays()} (a minute at most). */
    void holdReplays() {
        replaysHeld = new CountDownLatch(1);
    }

    void releaseReplays() {
        CountDownLatch held = replaysHeld;
        replaysHeld = null;
        if (held != null) {
            held.countDown();
        }
    }

    void stop() {
        server.stop(0);
    }

    void restart() {
        start(port);
    }

    private void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().toString(), headers, body, Instant.now()));
            CountDownLatch held = replaysHeld;
            if (held != null && "true".equals(headers.get("webhook-replay"))) {
                try {
                    held.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Answer answer = script.poll();
            if (answer == null) {
                answer = new Answer(defaultStatus, Map.of());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits until {@code count} requests match. */
    public List<Received> await(int count, Predicate<Received> matching, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Received> matched = received.stream().filter(matching).toList();
            if (matched.size() >= count) {
                return matched;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Expected " + count + " requests, got " + received.stream().filter(matching).toList());
    }

    public List<Received> await(int count, Duration timeout) {
        return await(count, r -> true, timeout);
    }

    @Override
    public void close() {
        releaseReplays();
        server.stop(0);
    }
}
