package com.lealup.app.http;

import static com.lealup.app.http.ConventionsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.ProblemWriter;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/** API.md section 1, "HTTP": security and cache headers, RFC 9457 members, conditional requests, traceparent, CORS, gzip. */
class HttpConventionsApiTest extends ApiTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ProblemWriter problems;

    private Workspace ws;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    // --- nosniff and Cache-Control

    @Test
    void everyAnswerIsNosniffAndPrivateByDefault() {
        Map<String, Response> answers = Map.of(
                "ok", http().get("/v1/api-keys").token(ws.token()).send(),
                "401 of a filter", http().get("/v1/api-keys").send(),
                "404 problem", http().get("/v1/nothing-here").token(ws.token()).send(),
                "400 problem", http().post("/v1/api-keys").token(ws.token()).json("{").send(),
                "public spec", http().get("/v1/openapi.json").send(),
                "actuator", http().get("/actuator/health").send());

        answers.forEach((what, response) -> {
            assertThat(response.headers().allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
            assertThat(response.headers().allValues("Cache-Control")).as(what).containsExactly("private");
        });
    }

    @Test
    void answersThatCarryASecretAreNoStore() {
        Response key = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "ci", "role", "viewer", "scopes", new String[] {"customers:read"})).send();
        Response workspace = http().post("/v1/workspaces").token(OPERATOR_TOKEN).json(Map.of("name", "W", "tier", "free")).send();
        Response signing = http().get("/v1/integrations/notification-signing-secret").token(ws.token()).send();
        Response list = http().get("/v1/api-keys").token(ws.token()).send();

        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        assertThat(key.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(workspace.status()).as(workspace.toString()).isEqualTo(201);
        assertThat(workspace.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(signing.status()).as(signing.toString()).isEqualTo(200);
        assertThat(signing.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(list.headers().allValues("Cache-Control")).containsExactly("private");
    }

    // --- RFC 9457

    @Test
    void statusIsAlwaysTheIntegerStatusTheStateIsAnExtensionMember() {
        Response slack = http().delete("/v1/integrations/slack").token(ws.token()).send();

        String customer = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Acme", "email_domain", "acme.com"))
                .send().json().path("id").asText();
        String task = http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", customer, "title", "Call",
                "due_date", "2027-01-15", "priority", "high")).send().json().path("id").asText();
        assertThat(http().post("/v1/tasks/" + task + "/complete").token(ws.token()).json(Map.of("outcome", "done")).send()
                .status()).isEqualTo(200);
        Response again = http().post("/v1/tasks/" + task + "/complete").token(ws.token()).json(Map.of("outcome", "again")).send();
        Response patch = http().patch("/v1/tasks/" + task).token(ws.token()).json(Map.of("title", "Late")).send();

        assertProblem(slack, 409, "integration_not_connected");
        assertThat(slack.json().path("status").isInt()).isTrue();
        assertThat(slack.json().path("current_status").asText()).isEqualTo("disconnected");
        for (Response closed : new Response[] {again, patch}) {
            assertProblem(closed, 409, "task_closed");
            assertThat(closed.json().path("status").isInt()).isTrue();
            assertThat(closed.json().path("current_status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void extensionMembersNamedAsStandardOnesAreDropped() {
        Map<String, Object> extra = Map.of("status", "closed", "type", "x", "title", "x", "detail", "x",
                "instance", "x", "trace_id", "x", "errors", "x", "current_status", "closed");
        ApiException e = new ApiException(HttpStatus.CONFLICT, "task_closed", "Conflict", "closed", List.of(), extra, Map.of());

        Map<String, Object> body = problems.body(new MockHttpServletRequest("GET", "/v1/tasks/x"), e);

        assertThat(body).containsEntry("status", 409).containsEntry("type", ProblemWriter.TYPE_BASE + "task_closed")
                .containsEntry("title", "Conflict").containsEntry("detail", "closed").containsEntry("instance", "/v1/tasks/x")
                .containsEntry("errors", List.of()).containsEntry("current_status", "closed");
        assertThat(body.get("trace_id")).isNull();
    }

    @Test
    void acceptingProblemJsonAloneReachesJsonEndpoints() {
        Response ok = http().get("/v1/api-keys").token(ws.token()).header("Accept", "application/problem+json").send();
        Response error = http().get("/v1/api-keys?limit=999").token(ws.token()).header("Accept", "application/problem+json").send();

        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.contentType()).startsWith("application/json");
        assertProblem(error, 400, "validation_error");
    }

    @Test
    void anAcceptThatWeighsJsonZeroIs406() {
        for (String accept : List.of("application/json;q=0", "*/*;q=0", "application/json;q=0, */*",
                "application/*;q=0, text/plain")) {
            Response refused = http().get("/v1/api-keys").token(ws.token()).header("Accept", accept).send();
            assertProblem(refused, 406, "not_acceptable");
        }
        for (String accept : List.of("application/json;q=0.1", "*/*;q=0, application/json", "text/html;q=0, */*")) {
            assertThat(http().get("/v1/api-keys").token(ws.token()).header("Accept", accept).send().status())
                    .as(accept).isEqualTo(200);
        }
    }

    @Test
    void anOptionsRequestCountsAsARead() {
        Response options = http().options("/v1/customers").token(ws.token()).send();
        Response get = http().get("/v1/customers").token(ws.token()).send();

        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        assertThat(options.header("X-RateLimit-Limit")).isEqualTo(get.header("X-RateLimit-Limit")).isEqualTo("1000");
    }

    /** Accept-Patch names what a PATCH of the path reads, and is not sent (empty) where there is no PATCH. */
    @Test
    void anOptionsAnswerNamesAcceptPatchWhereThereIsAPatch() {
        Response list = http().options("/v1/customers").token(ws.token()).send();
        Response one = http().options("/v1/customers/" + customer()).token(ws.token()).send();

        assertThat(list.headers().allValues("Accept-Patch")).isEmpty();
        assertThat(one.headers().allValues("Accept-Patch")).containsExactly("application/json");
    }

    // --- conditional requests

    @Test
    void aWriteThatHoldsNoPreconditionRefusesOneAndChangesNothing() {
        String id = customer();
        String path = "/v1/customers/" + id;

        // a DELETE does not check the version: run anyway, it would delete what the client did not see
        assertProblem(http().delete(path).token(ws.token()).header("If-Match", "\"7\"").send(), 400,
                "unsupported_precondition");
        assertProblem(http().patch(path).token(ws.token()).header("If-None-Match", "*").json(Map.of("arr", 1)).send(),
                400, "unsupported_precondition");
        assertProblem(http().post(path + "/restore").token(ws.token()).header("If-Unmodified-Since",
                "Sat, 05 Dec 2026 10:00:00 GMT").send(), 400, "unsupported_precondition");
        Response customer = http().get(path).token(ws.token()).send();
        assertThat(customer.status()).isEqualTo(200);
        assertThat(customer.header("ETag")).as("unchanged").isEqualTo("\"1\"");
    }

    @Test
    void ifNoneMatchStarOrAListIs304WhenItMatches() {
        String id = customer();
        String path = "/v1/customers/" + id;

        Response star = http().get(path).token(ws.token()).header("If-None-Match", "*").send();
        Response list = http().get(path).token(ws.token()).header("If-None-Match", "\"41\", \"1\"").send();
        Response other = http().get(path).token(ws.token()).header("If-None-Match", "\"41\", \"42\"").send();
        Response missing = http().get("/v1/customers/cus_01JD3XXXXXXXXXXXXXXXXXXXXX").token(ws.token())
                .header("If-None-Match", "*").send();

        assertThat(star.status()).as(star.toString()).isEqualTo(304);
        assertThat(star.header("ETag")).isEqualTo("\"1\"");
        assertThat(list.status()).as(list.toString()).isEqualTo(304);
        assertThat(other.status()).isEqualTo(200);
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void ifMatchTakesAListOfETagsAndFailsWhenNoneIsCurrent() {
        String path = "/v1/customers/" + customer();

        Response none = http().patch(path).token(ws.token()).header("If-Match", "\"7\", \"8\"").json(Map.of("arr", 1)).send();
        Response weak = http().patch(path).token(ws.token()).header("If-Match", "W/\"1\"").json(Map.of("arr", 1)).send();
        Response garbage = http().patch(path).token(ws.token()).header("If-Match", "\"1\" junk").json(Map.of("arr", 1)).send();
        Response empty = http().patch(path).token(ws.token()).header("If-Match", "").json(Map.of("arr", 1)).send();
        // strong comparison is of the tags' text: the version written otherwise is no ETag this API issued
        Response padded = http().patch(path).token(ws.token()).header("If-Match", "\"01\"").json(Map.of("arr", 1)).send();
        Response signed = http().patch(path).token(ws.token()).header("If-Match", "\"7\", \"+1\"").json(Map.of("arr", 1)).send();
        Response listed = http().patch(path).token(ws.token()).header("If-Match", "\"7\", \"1\"").json(Map.of("arr", 2)).send();
        Response star = http().patch(path).token(ws.token()).header("If-Match", "*").json(Map.of("arr", 3)).send();

        assertProblem(none, 412, "version_mismatch");
        assertProblem(weak, 412, "version_mismatch");
        assertProblem(garbage, 412, "version_mismatch");
        assertProblem(empty, 412, "version_mismatch");
        assertProblem(padded, 412, "version_mismatch");
        assertProblem(signed, 412, "version_mismatch");
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.header("ETag")).isEqualTo("\"2\"");
        assertThat(star.status()).as(star.toString()).isEqualTo(200);
    }

    // --- traceparent

    @Test
    void aValidTraceparentGivesTheTraceIdOfTheRequestAndItsEvents() throws Exception {
        Response created = http().post("/v1/customers").token(ws.token()).header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                .json(Map.of("name", "Traced", "email_domain", "traced.com")).send();
        Response problem = http().get("/v1/nothing").token(ws.token()).header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-00").send();

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("X-Trace-Id")).isEqualTo(TRACE);
        assertThat(problem.json().path("trace_id").asText()).isEqualTo(TRACE);
        String metadata = jdbc.queryForObject(
                "SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class, created.json().path("id").asText());
        assertThat(HttpClientSupport.JSON.readTree(metadata).path("trace_id").asText()).isEqualTo(TRACE);
    }

    @Test
    void anInvalidTraceparentIsIgnored() {
        String[] invalid = {"00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
                "00-" + TRACE + "-0000000000000000-01", "ff-" + TRACE + "-00f067aa0ba902b7-01", "00-" + TRACE + "-00f067aa0ba902b7-01-x",
                TRACE, "garbage"};
        for (String header : invalid) {
            Response response = http().get("/v1/api-keys").token(ws.token()).header("traceparent", header).send();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Trace-Id")).as(header).matches("[0-9A-HJKMNP-TV-Z]{26}");
        }
    }

    // --- CORS

    @Test
    void aPreflightOfAnAllowedOriginNeedsNoToken() {
        for (String path : new String[] {"/v1/openapi.json", "/v1/customers"}) {
            Response preflight = http().options(path).header("Origin", CORS_ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key").send();

            assertThat(preflight.status()).as(path + " " + preflight).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(CORS_ORIGIN);
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST", "PATCH", "DELETE");
            assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization", "idempotency-key");
            assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("3600");
            // a public request of its address, as every /v1 answer shows
            assertThat(preflight.header("X-RateLimit-Limit")).as(path).isNotNull();
            assertThat(preflight.header("X-RateLimit-Remaining")).isNotNull();
            assertThat(preflight.header("X-RateLimit-Reset")).isNotNull();
        }
        // without Access-Control-Request-Method it is no preflight but an OPTIONS of its own, answered with Allow
        Response plain = http().options("/v1/customers").token(ws.token()).header("Origin", CORS_ORIGIN).send();
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(plain.header("Allow")).contains("GET", "POST");
    }

    @Test
    void anAllowedOriginSeesTheExposedHeadersOfItsAnswers() {
        Response response = http().get("/v1/api-keys").token(ws.token()).header("Origin", CORS_ORIGIN).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(CORS_ORIGIN);
        assertThat(response.header("Access-Control-Expose-Headers")).contains("X-Trace-Id", "ETag", "X-RateLimit-Remaining");
        assertThat(response.header("Vary")).containsIgnoringCase("Origin");
    }

    @Test
    void anotherOriginGetsNoCorsHeaders() {
        Response preflight = http().options("/v1/openapi.json").header("Origin", "https://evil.example.test")
                .header("Access-Control-Request-Method", "GET").send();
        Response get = http().get("/v1/api-keys").token(ws.token()).header("Origin", "https://evil.example.test").send();

        assertProblem(preflight, 401, "unauthorized");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Access-Control-Allow-Origin")).isNull();
    }

    // --- gzip

    @Test
    void jsonOver1KbIsGzippedWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<byte[]> spec = raw("/v1/openapi.json", "gzip");
        HttpResponse<byte[]> plain = raw("/v1/openapi.json", null);

        assertThat(spec.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(spec.headers().firstValue("Vary").orElse("")).containsIgnoringCase("Accept-Encoding");
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(spec.body())).readAllBytes();
        JsonNode doc = HttpClientSupport.JSON.readTree(unzipped);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(spec.body().length).isLessThan(unzipped.length / 3);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(new String(unzipped, StandardCharsets.UTF_8));
    }

    @Test
    void smallAnswersAreNotGzipped() throws Exception {
        HttpResponse<byte[]> small = raw("/v1/users/me", "gzip");

        assertThat(small.body().length).isLessThan(1024);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        // yet its encoding was chosen by Accept-Encoding: a cache must know it
        assertThat(small.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).containsIgnoringCase("Accept-Encoding"));
    }

    /**
     * A versioned answer is gzipped too, and keeps its ETag, the aggregate's version (API.md §1), which the conditional
     * headers name whichever coding the client took.
     */
    @Test
    void aVersionedAnswerIsGzippedAndKeepsItsVersionAsItsETag() throws Exception {
        String id = customer();
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            fields.put("field_" + i, "a value long enough to pass a kilobyte " + i);
        }
        Response patched = http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("custom_fields", fields)).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        String version = patched.header("ETag");
        assertThat(version).isEqualTo("\"" + patched.json().path("version").asText() + "\"");

        HttpResponse<byte[]> zipped = raw("/v1/customers/" + id, "gzip, deflate");
        HttpResponse<byte[]> plain = raw("/v1/customers/" + id, null);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("ETag")).hasValue(version);
        assertThat(plain.headers().firstValue("ETag")).hasValue(version);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        for (HttpResponse<byte[]> answer : List.of(zipped, plain, raw("/v1/customers", "gzip"), raw("/v1/customers", null))) {
            assertThat(answer.headers().allValues("Vary")).as("chosen by Accept-Encoding, said once")
                    .filteredOn(vary -> vary.toLowerCase(java.util.Locale.ROOT).contains("accept-encoding")).hasSize(1);
        }
        assertThat(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes()).isEqualTo(plain.body());
        assertThat(raw("/v1/customers/" + id, "gzip;q=0, br").headers().firstValue("Content-Encoding"))
                .as("a weight of 0 refuses gzip").isEmpty();

        HttpResponse<byte[]> notModified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/customers/" + id)).header("Authorization", "Bearer " + ws.token())
                .header("Accept-Encoding", "gzip").header("If-None-Match", version).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("ETag")).hasValue(version);

        // the idempotency filter records the answer as the controller wrote it: its replay is gzipped alike
        String body = HttpClientSupport.JSON.writeValueAsString(Map.of("name", "Zipped", "email_domain", "zipped.com",
                "custom_fields", fields));
        HttpRequest create = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/customers"))
                .header("Authorization", "Bearer " + ws.token()).header("Accept-Encoding", "gzip")
                .header("Content-Type", "application/json").header("Idempotency-Key", "zip-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<byte[]> first = HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> replay = HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        for (HttpResponse<byte[]> answer : List.of(first, replay)) {
            assertThat(answer.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(answer.headers().firstValue("ETag")).hasValue("\"1\"");
            assertThat(HttpClientSupport.JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(answer.body()))
                    .readAllBytes()).path("name").asText()).isEqualTo("Zipped");
        }
    }

    private HttpResponse<byte[]> raw(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ws.token());
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String customer() {
        Response created = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Acme", "email_domain", "acme.com")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }
}
