package com.lealup.app.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The outside world of the API tests on one local HTTP server: Slack's Web API, OAuth providers' token
 * endpoints, webhook receivers. Every request is recorded; a test scripts the replies to the requests of a path
 * whose body contains a marker of its own (a channel, a code), so tests sharing the server never meet.
 * Unscripted requests get 200 {@code {"ok": true}}.
 */
public final class FakeOutsideWorld {

    /** A reply, sent after {@code delay} (a slow provider). */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        public Reply(int status, String body, Map<String, String> headers) {
            this(status, body, headers, Duration.ZERO);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of());
        }

        public Reply after(Duration delay) {
            return new Reply(status, body, headers, delay);
        }
    }

    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private record Script(String path, String marker, Deque<Reply> replies) {
    }

    private static final FakeOutsideWorld INSTANCE = new FakeOutsideWorld();

    private final HttpServer server;
    private final List<Script> scripts = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeOutsideWorld() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "fake-outside-world");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
            Reply reply = next(path, body);
            try {
                Thread.sleep(reply.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    public static FakeOutsideWorld get() {
        return INSTANCE;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests to {@code path} whose body contains {@code marker} get these replies, in order. */
    public void script(String path, String marker, Reply... replies) {
        scripts.add(new Script(path, marker, new ArrayDeque<>(List.of(replies))));
    }

    public List<Request> requests(String path, String marker) {
        return requests.stream().filter(r -> r.path().equals(path) && r.body().contains(marker)).toList();
    }

    private synchronized Reply next(String path, String body) {
        for (Script script : scripts) {
            if (script.path().equals(path) && body.contains(script.marker()) && !script.replies().isEmpty()) {
                return script.replies().poll();
            }
        }
        return Reply.json(200, "{\"ok\": true}");
    }
}
