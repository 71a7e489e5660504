package com.lealup.app.http;

import static com.lealup.app.http.ConventionsApiTest.assertFieldError;
import static com.lealup.app.http.ConventionsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.LealUpApplication;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.RateLimits;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.api.Ids;
import com.lealup.http.support.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * What needs a server of its own: lowered rate limits (to reach 429 quickly), a short header timeout, and probe
 * endpoints that fail on purpose (500, an error outside Spring MVC, a slow request for idempotency).
 */
@SpringBootTest(classes = LealUpApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "lealup.data-dir=" + LimitsAndFailuresApiTest.DATA_DIR,
                "lealup.db.embedded.durable=false",
                "lealup.operator-token=" + ApiTest.OPERATOR_TOKEN,
                "lealup.bootstrap-token=" + ApiTest.BOOTSTRAP_TOKEN,
                "lealup.rate-limits.classes.reads.limit=3",
                "lealup.rate-limits.classes.writes.limit=" + LimitsAndFailuresApiTest.WRITES,
                "lealup.rate-limits.classes.auth-failures.limit=" + LimitsAndFailuresApiTest.AUTH_FAILURES,
                "lealup.rate-limits.classes.public.limit=" + LimitsAndFailuresApiTest.PUBLIC,
                "lealup.http.cors-allowed-origins=" + LimitsAndFailuresApiTest.CORS_ORIGIN,
                "lealup.http.header-timeout=" + LimitsAndFailuresApiTest.HEADER_TIMEOUT_MILLIS + "ms",
        })
@Import(LimitsAndFailuresApiTest.Probe.class)
class LimitsAndFailuresApiTest extends ApiTest {

    static final String DATA_DIR = "target/test-data-limits";
    static final long HEADER_TIMEOUT_MILLIS = 2000;
    static final int AUTH_FAILURES = 5;
    static final int PUBLIC = 4;
    static final String CORS_ORIGIN = "https://app.example.test";
    /** Above the writes of any other test here, each in a workspace of its own. */
    static final int WRITES = 10;

    static {
        FileSystemUtils.deleteRecursively(Path.of(DATA_DIR).toFile());
    }

    /** Test-only routes: not in the OpenAPI document, so not part of the contract every answer is checked against. */
    @io.swagger.v3.oas.annotations.Hidden
    @RestController
    static class Probe {

        record Line(String sku) {
        }

        record Order(String customerName, BigDecimal unitPrice, List<Line> lines) {
        }

        static final AtomicInteger ORDERS = new AtomicInteger();
        static volatile CountDownLatch entered = new CountDownLatch(0);
        static volatile CountDownLatch release = new CountDownLatch(0);

        @PostMapping("/v1/probe/orders")
        ResponseEntity<Map<String, Object>> order(Caller caller, @RequestBody Order order,
                                                  @RequestHeader(name = "X-Probe-Fail", required = false) String fail)
                throws InterruptedException {
            if (fail != null) {
                throw new IllegalStateException("SELECT secret FROM orders WHERE id = 1");
            }
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            ORDERS.incrementAndGet();
            String id = Ids.next("ord");
            return ResponseEntity.created(URI.create("/v1/probe/orders/" + id)).body(Map.of("id", id));
        }

        @GetMapping("/v1/probe/send-error")
        void sendError(Caller caller, HttpServletResponse response) throws IOException {
            response.sendError(503, "pool exhausted at jdbc:postgresql://db");
        }
    }

    private static final Map<String, Object> ORDER = Map.of("customer_name", "Acme", "unit_price", 10,
            "lines", List.of(Map.of("sku", "A")));

    @Test
    void overTheLimitIs429WithRetryAfterAndOnlyForThatWorkspace() {
        Workspace workspace = newWorkspace();
        for (int i = 0; i < 3; i++) {
            assertThat(http().get("/v1/api-keys").token(workspace.token()).send().status()).isEqualTo(200);
        }

        Response limited = http().get("/v1/api-keys").token(workspace.token()).send();
        Response write = http().post("/v1/probe/orders").token(workspace.token()).json(ORDER).send();
        Response otherWorkspace = http().get("/v1/api-keys").token(newWorkspace().token()).send();

        assertProblem(limited, 429, "rate_limited");
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(Long.parseLong(limited.header("X-RateLimit-Reset")))
                .isBetween(System.currentTimeMillis() / 1000, System.currentTimeMillis() / 1000 + 61);
        assertThat(write.status()).as("writes have their own limit").isEqualTo(201);
        assertThat(otherWorkspace.status()).isEqualTo(200);
    }

    @Test
    void overTheWriteLimitIs429InTheWritesClassWhileReadsGoOn() {
        Workspace workspace = newWorkspace();
        java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();

        RateLimits.assertLimitedAfter(WRITES, "writes", () -> http().post("/v1/segments").token(workspace.token())
                .json(Map.of("name", "Segment " + names.incrementAndGet())).send());

        assertThat(http().get("/v1/segments").token(workspace.token()).send().status()).isEqualTo(200);
        assertThat(http().post("/v1/segments").token(newWorkspace().token()).json(Map.of("name", "Other")).send()
                .status()).isEqualTo(201);
    }

    @Test
    void failedAuthenticationsAreLimitedPerAddressWhileValidTokensStillWork() throws InterruptedException {
        Workspace workspace = newWorkspace();
        RateLimits.startWithinOneWindow(clock);
        for (int i = 0; i < AUTH_FAILURES; i++) {
            Response failed = http().get("/v1/api-keys").token("lk_guess_" + i).send();
            assertProblem(failed, 401, "unauthorized");
            // the address's failures are counted like a workspace's requests, and shown the same way
            assertThat(failed.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(AUTH_FAILURES));
            assertThat(failed.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(AUTH_FAILURES - 1 - i));
        }

        Response limited = http().get("/v1/api-keys").token("lk_guess_next").send();
        Response missingToken = http().get("/v1/api-keys").send();
        Response valid = http().get("/v1/api-keys").token(workspace.token()).send();

        assertProblem(limited, 429, "rate_limited");
        assertThat(limited.json().path("limit_class").asText()).isEqualTo("auth_failures");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(limited.header("X-RateLimit-Reset")))
                .isBetween(System.currentTimeMillis() / 1000, System.currentTimeMillis() / 1000 + 61);
        assertProblem(missingToken, 429, "rate_limited");
        assertThat(valid.status()).as(valid.toString()).isEqualTo(200);
    }

    @Test
    void thePublicEndpointsAreLimitedPerAddress() throws InterruptedException {
        RateLimits.startWithinOneWindow(clock);
        Response document = http().get("/v1/openapi.json").send();
        for (int sent = 1; !"0".equals(document.header("X-RateLimit-Remaining")); sent++) {
            assertThat(document.status()).isEqualTo(200);
            assertThat(document.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(PUBLIC));
            assertThat(sent).as("requests within the limit").isLessThanOrEqualTo(PUBLIC);
            document = http().get("/v1/openapi.json").send();
        }

        Response limited = http().get("/v1/openapi.json").send();
        assertProblem(limited, 429, "rate_limited");
        assertThat(limited.json().path("limit_class").asText()).isEqualTo("public");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertProblem(http().get("/v1/integrations/slack/callback?state=x&code=y").send(), 429, "rate_limited");
        // a preflight is a public request of its address too
        assertProblem(http().options("/v1/customers").header("Origin", CORS_ORIGIN)
                .header("Access-Control-Request-Method", "POST").send(), 429, "rate_limited");
        assertThat(http().get("/v1/api-keys").token(newWorkspace().token()).send().status())
                .as("a token's requests count against its own limit").isEqualTo(200);
    }

    @Test
    void theOperatorsAnswersAndTheForbiddenOfAuthenticationCarryTheirLimit() {
        Workspace workspace = newWorkspace();
        Response read = http().get("/v1/workspaces/" + workspace.id()).token(OPERATOR_TOKEN).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("X-RateLimit-Limit")).isEqualTo("1200");
        Response operatorElsewhere = http().get("/v1/customers").token(OPERATOR_TOKEN).send();
        assertProblem(operatorElsewhere, 403, "forbidden");
        assertThat(operatorElsewhere.header("X-RateLimit-Limit")).isEqualTo("1200");
        assertThat(Long.parseLong(operatorElsewhere.header("X-RateLimit-Remaining")))
                .isLessThan(Long.parseLong(read.header("X-RateLimit-Remaining")));

        // a key on the operator's path: a read of its workspace (the reads' limit is 3 here)
        Response keyOnOperatorPath = http().get("/v1/workspaces/" + workspace.id()).token(workspace.token()).send();
        assertProblem(keyOnOperatorPath, 403, "forbidden");
        assertThat(keyOnOperatorPath.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(keyOnOperatorPath.header("X-RateLimit-Remaining")).isEqualTo("2");
    }

    @Test
    void anUnexpectedErrorIsAGeneric500() {
        Response response = http().post("/v1/probe/orders").token(newWorkspace().token())
                .header("X-Probe-Fail", "yes").json(ORDER).send();

        assertProblem(response, 500, "internal_error");
        assertThat(response.rawBody()).doesNotContain("SELECT", "IllegalStateException", "at com.");
    }

    @Test
    void anErrorRaisedOutsideSpringMvcIsAProblemToo() {
        Response response = http().get("/v1/probe/send-error").token(newWorkspace().token()).send();

        assertProblem(response, 503, "service_unavailable");
        assertThat(response.json().path("instance").asText()).isEqualTo("/v1/probe/send-error");
        assertThat(response.rawBody()).doesNotContain("jdbc");
    }

    @Test
    void unknownFieldsOfNestedRecordsAreNamedByTheirPath() {
        Response response = http().post("/v1/probe/orders").token(newWorkspace().token())
                .json(Map.of("customer_name", "Acme", "unit_price", 1, "lines", List.of(Map.of("sku", "A", "qty", 2)))).send();

        assertFieldError(response, "lines[0].qty", "unknown_field");
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstResponseWithoutRunningAgain() {
        Workspace workspace = newWorkspace();
        int before = Probe.ORDERS.get();

        Response first = order(workspace, "key-1", ORDER);
        Response again = order(workspace, "key-1", ORDER);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.rawBody()).isEqualTo(first.rawBody());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.contentType()).isEqualTo(first.contentType());
        assertThat(again.header("X-Trace-Id")).isNotEqualTo(first.header("X-Trace-Id"));
        assertThat(Probe.ORDERS.get() - before).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndKeysArePerWorkspace() {
        Workspace workspace = newWorkspace();
        order(workspace, "key-2", ORDER);

        Response reused = order(workspace, "key-2", Map.of("customer_name", "Other", "unit_price", 1));
        Response otherWorkspace = order(newWorkspace(), "key-2", ORDER);

        assertProblem(reused, 422, "idempotency_key_reused");
        assertThat(otherWorkspace.status()).isEqualTo(201);
        assertThat(otherWorkspace.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void aRepeatWhileTheFirstStillRunsIs409() throws Exception {
        Workspace workspace = newWorkspace();
        Probe.entered = new CountDownLatch(1);
        Probe.release = new CountDownLatch(1);
        try {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> order(workspace, "key-3", ORDER));
            assertThat(Probe.entered.await(20, TimeUnit.SECONDS)).isTrue();
            Response second = order(workspace, "key-3", ORDER);

            assertProblem(second, 409, "idempotency_key_in_use");
            Probe.release.countDown();
            assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        } finally {
            Probe.release.countDown();
        }
    }

    @Test
    void aFailedRequestFreesItsKeyForARetry() {
        Workspace workspace = newWorkspace();

        Response failed = http().post("/v1/probe/orders").token(workspace.token()).header("Idempotency-Key", "key-4")
                .header("X-Probe-Fail", "yes").json(ORDER).send();
        Response retry = order(workspace, "key-4", ORDER);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void aKeyLongerThan255CharactersIs400() {
        Response response = order(newWorkspace(), "k".repeat(256), ORDER);

        assertProblem(response, 400, "invalid_idempotency_key");
    }

    /** Which of two keys is meant cannot be known: the request does not run, and neither key is taken. */
    @Test
    void twoIdempotencyKeysAre400() throws Exception {
        Workspace ws = newWorkspace();
        HttpRequest twice = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/segments"))
                .header("Authorization", "Bearer " + ws.token()).header("Content-Type", "application/json")
                .header("Idempotency-Key", "first").header("Idempotency-Key", "second")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Enterprise\"}")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(twice, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_idempotency_key").contains("several are ambiguous");
        assertThat(http().get("/v1/segments").token(ws.token()).send().json().path("data")).isEmpty();
    }

    @Test
    void aClientTricklingItsHeadersIsDisconnectedAtTheHeaderTimeout() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(ascii("GET /v1/api-keys HTTP/1.1\r\nHost: localhost\r\n"));
            // a header line every 200 ms: each read is well within Tomcat's own, per-read, timeout
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(200);
                        out.write(ascii("X-Slow-" + i + ": a\r\n"));
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server
                }
            });
            trickle.setDaemon(true);
            trickle.start();

            long closedAfter = millisUntilClosed(socket, start);
            trickle.interrupt();

            assertThat(closedAfter).isBetween(HEADER_TIMEOUT_MILLIS - 100, HEADER_TIMEOUT_MILLIS + 2500);
        }
    }

    @Test
    void aClientSilentAfterPartOfItsRequestLineIsDisconnectedAtTheHeaderTimeout() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(ascii("GET /v1/api-k"));

            assertThat(millisUntilClosed(socket, start)).isBetween(HEADER_TIMEOUT_MILLIS - 100, HEADER_TIMEOUT_MILLIS + 2500);
        }
    }

    @Test
    void aSlowBodyIsNotCutByTheHeaderTimeout() throws Exception {
        Workspace workspace = newWorkspace();
        String body = "{\"name\": \"slow\", \"role\": \"nope\"}";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST /v1/api-keys HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                    + workspace.token() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"));
            Thread.sleep(HEADER_TIMEOUT_MILLIS + 1000);
            out.write(ascii(body));

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400 ").contains("validation_error");
        }
    }

    /** Blocks until the server closes the connection (end of stream or reset); nothing may be answered. */
    private static long millisUntilClosed(Socket socket, long start) throws IOException {
        socket.setSoTimeout(15_000);
        try {
            assertThat(socket.getInputStream().read()).as("an answer to an incomplete request").isEqualTo(-1);
        } catch (SocketException reset) {
            // closed while unread bytes were pending
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private Response order(Workspace workspace, String key, Object body) {
        return http().post("/v1/probe/orders").token(workspace.token()).header("Idempotency-Key", key).json(body).send();
    }
}
