package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.RawHttp;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cross-cutting conventions of API.md section 1, against real endpoints. */
class ConventionsApiTest extends ApiTest {

    private Workspace workspace;

    @BeforeEach
    void workspace() {
        workspace = newWorkspace();
    }

    @Test
    void everyResponseCarriesItsOwnTraceIdAndProblemsRepeatIt() {
        Response ok = http().get("/v1/api-keys").token(workspace.token()).send();
        Response unauthorized = http().get("/v1/api-keys").send();
        Response outsideV1 = http().get("/nowhere").send();

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Trace-Id")).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertProblem(unauthorized, 401, "unauthorized");
        assertProblem(outsideV1, 404, "not_found");
        assertThat(unauthorized.header("X-Trace-Id")).isNotEqualTo(ok.header("X-Trace-Id"));
    }

    @Test
    void anUnknownRouteIs404() {
        Response response = http().get("/v1/no-such-thing").token(workspace.token()).send();

        assertProblem(response, 404, "not_found");
        assertThat(response.json().path("instance").asText()).isEqualTo("/v1/no-such-thing");
        // the path as sent: a trailing slash names no endpoint, though the path without it does
        Response slash = http().get("/v1/api-keys/").token(workspace.token()).send();
        assertProblem(slash, 404, "not_found");
        assertThat(slash.json().path("detail").asText()).isEqualTo("No endpoint GET /v1/api-keys/");
        // the container's error page is no endpoint either, with or without a token
        for (Response errorPage : List.of(http().get("/error").send(), http().post("/error").json("{}").send(),
                http().delete("/error").token(workspace.token()).send())) {
            assertProblem(errorPage, 404, "not_found");
            assertThat(errorPage.json().path("detail").asText()).startsWith("No endpoint ").endsWith(" /error");
        }
    }

    /** docs/conventions.md: a message quotes at most 100 characters of a name the client chose, an id in a path too. */
    @Test
    void aNotFoundQuotesALongIdOrPathAbbreviated() {
        String id = "tsk_" + "x".repeat(3000);
        Map<String, String> details = Map.of(
                "/v1/tasks/" + id, "Task 'tsk_" + "x".repeat(96) + "…' was not found",
                "/v1/customers/" + id + "/contacts", "Customer 'tsk_" + "x".repeat(96) + "…' was not found",
                "/v1/admin/projections/" + id, "Projection 'tsk_" + "x".repeat(96) + "…' was not found",
                "/v1/" + id, "No endpoint GET /v1/tsk_" + "x".repeat(92) + "…");
        details.forEach((path, detail) -> {
            Response response = http().get(path).token(workspace.token()).send();
            assertProblem(response, 404, "not_found");
            assertThat(response.json().path("detail").asText()).isEqualTo(detail);
        });
        Response integration = http().post("/v1/integrations/" + "i".repeat(300) + "/connect")
                .token(workspace.token()).send();
        assertProblem(integration, 404, "not_found");
        assertThat(integration.json().path("detail").asText()).startsWith("Integration '" + "i".repeat(100) + "…' ");
        // an OAuth provider's error, as a browser brings it back: abbreviated, its line breaks and escapes written out
        Response denied = http().get("/v1/integrations/slack/callback?state=x&error=a%0Ab%1B%5B31m%E2%80%AE"
                + "e".repeat(5000)).send();
        assertProblem(denied, 400, "validation_error");
        assertThat(denied.json().path("detail").asText())
                .isEqualTo("The provider reports: a\\u000Ab\\u001B[31m\\u202E" + "e".repeat(76) + "…");
        String method = "Q".repeat(3000);
        Response notAllowed = http().call(method, "/v1/customers").token(workspace.token()).send();
        assertProblem(notAllowed, 405, "method_not_allowed");
        assertThat(notAllowed.json().path("detail").asText()).isEqualTo("Q".repeat(100) + "… is not allowed on this endpoint");
        assertThat(http().call(method, "/v1/nothing").token(workspace.token()).send().json().path("detail").asText())
                .isEqualTo("No endpoint " + "Q".repeat(100) + "… /v1/nothing");
    }

    /** An id in a body that names nothing of the workspace is quoted abbreviated too: the answer is no echo of it. */
    @Test
    void anUnknownReferenceQuotesALongIdAbbreviated() {
        String id = "usr_" + "z".repeat(5000);
        String quoted = "'usr_" + "z".repeat(96) + "…'";
        Response customer = http().post("/v1/customers").token(workspace.token())
                .json(Map.of("name", "Long ids", "email_domain", "long-ids.example", "owner_id", id)).send();
        assertProblem(customer, 422, "unknown_owner");
        assertThat(customer.json().path("detail").asText())
                .isEqualTo("owner_id " + quoted + " is not a user of this workspace");
        Response segment = http().post("/v1/customers").token(workspace.token())
                .json(Map.of("name", "Long ids", "email_domain", "long-ids.example", "segment_id", id)).send();
        assertProblem(segment, 422, "unknown_segment");
        assertThat(segment.json().path("detail").asText()).contains(quoted).hasSizeLessThan(200);
        Response task = http().post("/v1/tasks").token(workspace.token())
                .json(Map.of("customer_id", id, "title", "Call")).send();
        assertProblem(task, 422, "unknown_customer");
        assertThat(task.json().path("detail").asText()).contains(quoted).hasSizeLessThan(200);
        Response key = http().post("/v1/api-keys").token(workspace.token())
                .json(Map.of("name", "Long ids", "role", "viewer", "scopes", List.of("customers:read"), "user_id", id))
                .send();
        assertProblem(key, 422, "unknown_user");
        assertThat(key.json().path("detail").asText()).contains(quoted).hasSizeLessThan(200);
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        Response response = http().put("/v1/api-keys").token(workspace.token()).json(Map.of()).send();

        assertProblem(response, 405, "method_not_allowed");
        // what the path serves, as its OPTIONS says: HEAD wherever GET is, and OPTIONS
        assertThat(response.header("Allow").split(", *")).containsExactlyInAnyOrder("GET", "HEAD", "POST", "OPTIONS");
        assertThat(http().delete("/v1/customers/cus_x/restore").token(workspace.token()).send().header("Allow")
                .split(", *")).containsExactlyInAnyOrder("POST", "OPTIONS");
    }

    /** The literal paths beside an {id} route are theirs alone: "trash" or "me" is no id the other route could take. */
    @Test
    void aLiteralPathServesOnlyItsOwnMethods() {
        Map<String, List<String>> served = Map.of(
                "/v1/customers/trash", List.of("GET", "HEAD", "OPTIONS"),
                "/v1/customers/bulk-import", List.of("POST", "OPTIONS"),
                "/v1/users/me", List.of("GET", "HEAD", "OPTIONS"),
                "/v1/integrations/notification-signing-secret", List.of("GET", "HEAD", "OPTIONS"));
        served.forEach((path, methods) -> {
            for (String method : List.of("GET", "DELETE", "PATCH")) {
                if (methods.contains(method)) {
                    continue;
                }
                Response refused = (switch (method) {
                    case "GET" -> http().get(path);
                    case "DELETE" -> http().delete(path);
                    default -> http().patch(path).json(Map.of());
                }).token(workspace.token()).send();
                assertProblem(refused, 405, "method_not_allowed");
                assertThat(refused.header("Allow").split(", *")).as(method + " " + path)
                        .containsExactlyInAnyOrderElementsOf(methods);
            }
            assertThat(http().options(path).token(workspace.token()).send().header("Allow").split(", *")).as(path)
                    .containsExactlyInAnyOrderElementsOf(methods);
        });
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        Response response = http().post("/v1/api-keys").token(workspace.token()).rawBody("name=x", "text/plain").send();

        assertProblem(response, 415, "unsupported_media_type");
        assertThat(response.json().path("detail").asText()).isEqualTo("The request body must be application/json");
        // another JSON type is no JSON the API takes, whatever its body holds: 415 first
        byte[] notUtf8 = {'{', '"', 'n', '"', ':', '"', (byte) 0xFF, '"', '}'};
        for (byte[] body : List.of("{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8),
                "{\"name\": \"x\\u0000\"}".getBytes(StandardCharsets.UTF_8), notUtf8)) {
            assertProblem(http().post("/v1/api-keys").token(workspace.token()).rawBody(body, "application/problem+json")
                    .send(), 415, "unsupported_media_type");
        }
    }

    @Test
    void anAcceptTheApiCannotAnswerIs406() {
        Response response = http().get("/v1/api-keys").token(workspace.token()).header("Accept", "application/xml").send();

        assertProblem(response, 406, "not_acceptable");
    }

    @Test
    void malformedJsonIs400() {
        Response response = http().post("/v1/api-keys").token(workspace.token()).json("{\"name\": ").send();

        assertProblem(response, 400, "malformed_json");
    }

    /**
     * JSON is UTF-8 on every endpoint as on POST /v1/events: UTF-16 and UTF-32 are refused alike, whatever the
     * endpoint or the charset parameter, which changes nothing.
     */
    @Test
    void bodiesAreReadAsUtf8OnEveryEndpoint() {
        String key = "{\"name\": \"Compañía\", \"role\": \"viewer\", \"scopes\": [\"customers:read\"]}";
        for (Charset charset : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16,
                Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE"))) {
            for (String contentType : List.of("application/json", "application/json; charset=" + charset.name())) {
                for (String path : List.of("/v1/api-keys", "/v1/events")) {
                    Response refused = http().post(path).token(workspace.token())
                            .rawBody((path.equals("/v1/events") ? "{\"events\": []}" : key).getBytes(charset), contentType)
                            .send();
                    assertProblem(refused, 400, "malformed_json");
                    assertThat(refused.json().path("detail").asText()).as(path + " " + contentType)
                            .isEqualTo("The request body must be JSON in UTF-8");
                }
            }
        }
        // a bodiless operation refuses such an {} as it refuses any body it cannot read
        Response bodiless = http().post("/v1/integrations/slack/connect").token(workspace.token())
                .rawBody("{}".getBytes(StandardCharsets.UTF_16), "application/json").send();
        assertProblem(bodiless, 400, "malformed_json");

        // UTF-8, whatever charset the Content-Type names
        Response latin1 = http().post("/v1/api-keys").token(workspace.token())
                .rawBody(key.getBytes(StandardCharsets.UTF_8), "application/json; charset=ISO-8859-1").send();
        Response utf16 = http().post("/v1/api-keys").token(workspace.token())
                .rawBody(key.getBytes(StandardCharsets.UTF_8), "application/json; charset=UTF-16").send();
        for (Response created : List.of(latin1, utf16)) {
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("name").asText()).isEqualTo("Compañía");
        }
    }

    @Test
    void aBodyOfAnotherJsonTypeIs400SayingWhatItMustBe() {
        for (String body : List.of("[]", "\"x\"", "1")) {
            Response response = http().post("/v1/api-keys").token(workspace.token()).json(body).send();
            assertProblem(response, 400, "malformed_json");
            assertThat(response.json().path("detail").asText()).isEqualTo("The request body must be an object");
        }
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        Response response = http().post("/v1/api-keys").token(workspace.token())
                .json(Map.of("name", "ci", "role", "viewer", "scopes", new String[0], "colour", "red")).send();

        assertFieldError(response, "colour", "unknown_field");
    }

    /** A message quotes at most 100 characters of a name the client chose; the error's field keeps it whole. */
    @Test
    void aLongUnknownNameIsQuotedShortInTheMessage() {
        String name = "colour".repeat(5_000);
        Response response = http().post("/v1/api-keys").token(workspace.token())
                .json(Map.of("name", "ci", "role", "viewer", "scopes", new String[0], name, "red")).send();

        assertFieldError(response, name, "unknown_field");
        String quoted = "Unknown field '" + name.substring(0, 100) + "…'";
        assertThat(response.json().path("detail").asText()).isEqualTo(quoted);
        assertThat(response.json().path("errors").get(0).path("message").asText()).isEqualTo(quoted);
    }

    @Test
    void fieldsAreNamedAsInTheJsonNotAsInJava() {
        Response camelCase = http().post("/v1/api-keys").token(workspace.token())
                .json(Map.of("name", "ci", "userId", "usr_x")).send();
        Response wrongType = http().post("/v1/api-keys").token(workspace.token())
                .json(Map.of("name", "ci", "user_id", Map.of("id", 1))).send();

        assertFieldError(camelCase, "userId", "unknown_field");
        assertFieldError(wrongType, "user_id", "invalid_type");
    }

    @Test
    void aWrongTypeIs400WithThePathOfTheValue() {
        Response scalar = http().post("/v1/api-keys").token(workspace.token()).json(Map.of("name", "ci", "scopes", "all")).send();
        Response element = http().post("/v1/api-keys").token(workspace.token())
                .json("{\"name\": \"ci\", \"scopes\": [\"customers:read\", {\"a\": 1}]}").send();

        assertFieldError(scalar, "scopes", "invalid_type");
        assertFieldError(element, "scopes[1]", "invalid_type");
    }

    @Test
    void anInvalidQueryParameterIs400() {
        Response response = http().get("/v1/api-keys?limit=201").token(workspace.token()).send();

        assertFieldError(response, "limit", "out_of_range");
        // what is no number at all is invalid, as every query number's (limit, months_out, the ARR bounds...)
        for (String notANumber : List.of("ten", "05", "5.0", "%20", "%EF%BC%95")) {
            assertFieldError(http().get("/v1/api-keys?limit=" + notANumber).token(workspace.token()).send(), "limit",
                    "invalid_value");
        }
        assertFieldError(http().get("/v1/customers?renewal_within_days=abc").token(workspace.token()).send(),
                "renewal_within_days", "invalid_value");
        assertFieldError(http().get("/v1/customers?min_arr=abc").token(workspace.token()).send(), "min_arr",
                "invalid_value");
    }

    /** Every comma list of the query is read alike: an empty item is 400 invalid_value, then each endpoint judges its items. */
    @Test
    void everyCommaListRefusesAnEmptyItemAlike() {
        Response created = http().post("/v1/customers").token(workspace.token())
                .json(Map.of("name", "Acme", "email_domain", "acme.example")).send();
        String history = "/v1/customers/" + created.json().path("id").asText() + "/history";
        Map<String, String> emptyItems = Map.of(
                "/v1/customers?status=", "status",
                "/v1/customers?status=active,", "status",
                "/v1/customers?status=active,,trial", "status",
                "/v1/events?type=login,%20", "type",
                history + "?type=customer.created,", "type",
                "/v1/analytics/renewals?forecast_category=,commit", "forecast_category");

        emptyItems.forEach((query, parameter) ->
                assertFieldError(http().get(query).token(workspace.token()).send(), parameter, "invalid_value"));
        assertThat(http().get("/v1/customers?status=active,trial,active").token(workspace.token()).send().status())
                .isEqualTo(200);
        assertThat(http().get("/v1/events?type=%20login%20,login").token(workspace.token()).send().status())
                .isEqualTo(200);
        assertFieldError(http().get("/v1/customers?status=active,gone").token(workspace.token()).send(), "status",
                "unknown_value");
        // a list is one value: the parameter given twice is no list of both
        assertFieldError(http().get("/v1/customers?status=active&status=").token(workspace.token()).send(), "status",
                "duplicate_parameter");
    }

    /** A one-value filter empty is a mistake, not a filter of nothing, as a list's empty item is. */
    @Test
    void everyOneValueFilterIsRefusedEmpty() {
        Map<String, String> empty = Map.of(
                "/v1/customers?owner_id=", "owner_id",
                "/v1/customers?segment_id=%20", "segment_id",
                "/v1/customers?health_status=", "health_status",
                "/v1/customers?sort=", "sort",
                "/v1/tasks?customer_id=", "customer_id",
                "/v1/tasks?assignee_id=%20", "assignee_id",
                "/v1/tasks?status=", "status",
                "/v1/events?customer_id=", "customer_id");

        empty.forEach((query, parameter) ->
                assertFieldError(http().get(query).token(workspace.token()).send(), parameter, "invalid_value"));
        // otherwise taken as sent, as the document's enums are
        assertFieldError(http().get("/v1/customers?health_status=%20healthy").token(workspace.token()).send(),
                "health_status", "unknown_value");
        assertThat(http().get("/v1/customers?owner_id=usr_01JD3000000000000000000000").token(workspace.token()).send()
                .json().path("data")).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413ByContentLengthAndByCountingAChunkedStream() {
        String big = "{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}";

        Response declared = http().post("/v1/api-keys").token(workspace.token()).json(big).send();
        Response chunked = http().post("/v1/api-keys").token(workspace.token()).json(big).chunked().send();

        assertProblem(declared, 413, "body_too_large");
        assertProblem(chunked, 413, "body_too_large");
    }

    /**
     * The body limit comes after authentication and the rate limit: a 413 carries the X-RateLimit-* headers of every
     * authenticated answer, and a request without a valid token is the 401 of any other, with its headers too.
     */
    @Test
    void aBodyOverTheLimitIsJudgedAfterAuthenticationAndTheRateLimit() {
        String big = "{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}";

        Response declared = http().post("/v1/api-keys").token(workspace.token()).json(big).send();
        Response chunked = http().post("/v1/api-keys").token(workspace.token()).json(big).chunked().send();
        Response anonymous = http().post("/v1/api-keys").json(big).send();
        Response unknownToken = http().post("/v1/api-keys").token("not-a-key").json(big).chunked().send();

        assertProblem(declared, 413, "body_too_large");
        assertThat(declared.header("X-RateLimit-Limit")).isEqualTo("300");
        assertThat(declared.header("X-RateLimit-Remaining")).isEqualTo("299");
        assertThat(declared.header("X-RateLimit-Reset")).isNotNull();
        assertProblem(chunked, 413, "body_too_large");
        assertThat(chunked.header("X-RateLimit-Remaining")).isEqualTo("298");
        for (Response refused : List.of(anonymous, unknownToken)) {
            assertProblem(refused, 401, "unauthorized");
            assertThat(refused.header("X-RateLimit-Limit")).isNotNull();
            assertThat(refused.header("X-RateLimit-Remaining")).isNotNull();
            assertThat(refused.header("X-RateLimit-Reset")).isNotNull();
        }
    }

    /** A client that waits for 100 Continue before sending a body over the limit gets the 413 instead, and no 100. */
    @Test
    void anExpectContinueOverTheLimitIs413WithoutA100First() {
        RawHttp.Response response = RawHttp.send(port, "POST /v1/api-keys HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + workspace.token() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.json().path("type").asText()).endsWith("/body_too_large");
    }

    @Test
    void authenticatedResponsesCarryTheRateLimitOfTheirClass() {
        Response first = http().get("/v1/api-keys").token(workspace.token()).send();
        Response second = http().get("/v1/api-keys").token(workspace.token()).send();
        Response write = http().post("/v1/api-keys").token(workspace.token()).json("{").send();

        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("1000");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("999");
        assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("998");
        long reset = Long.parseLong(first.header("X-RateLimit-Reset"));
        assertThat(reset % 60).isZero();
        assertThat(reset).isBetween(System.currentTimeMillis() / 1000, System.currentTimeMillis() / 1000 + 60);
        assertThat(write.header("X-RateLimit-Limit")).isEqualTo("300");
        assertThat(write.header("X-RateLimit-Remaining")).isEqualTo("299");
    }

    @Test
    void aLargerTierHasLargerLimits() {
        Workspace enterprise = http().createWorkspace(OPERATOR_TOKEN, "enterprise");

        Response response = http().get("/v1/api-keys").token(enterprise.token()).send();

        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("20000");
    }

    @Test
    void theOpenApiDocumentIsPublicAndKeepsItsOwnFieldNames() {
        Response response = http().get("/v1/openapi.json").send();

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(http().head("/v1/openapi.json").send().status()).as("HEAD reads what GET does").isEqualTo(200);
        assertThat(http().head("/v1/openapi.json/swagger-config").send().status()).isEqualTo(200);
        Response docs = http().get("/docs/").send();
        assertThat(docs.status()).as("/docs/ goes where /docs goes").isEqualTo(302);
        assertThat(docs.header("Location")).endsWith("/docs");
        JsonNode doc = response.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("LealUp API");
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(doc.path("security").get(0).has("bearer")).isTrue();
        assertThat(doc.path("components").path("schemas").path("Problem").path("properties").has("trace_id"))
                .as(doc.path("components").toString()).isTrue();
        JsonNode createKey = doc.path("paths").path("/v1/api-keys").path("post");
        assertThat(createKey.path("operationId").isTextual()).isTrue();
        assertThat(createKey.path("responses").path("4XX").path("content").has("application/problem+json")).isTrue();
        assertThat(doc.path("components").path("schemas").path("CreateApiKeyRequest").path("properties").has("user_id")).isTrue();
    }

    /**
     * Every operation of the OpenAPI document, by the document itself: without a token {@code 401} (but the public
     * ones), and every operation that may take a body ({@code POST}, {@code PATCH}, {@code PUT}, bodiless ones
     * included) refuses one in {@code text/plain} or another JSON type ({@code 415}) and one over its limit by {@code Content-Length}
     * ({@code 413}, answered before any of it is sent). Path parameters are ids of nothing: these are all decided
     * before a resource is looked for. The operator's endpoints are called with the operator token, the others with
     * an admin key (each refuses the other's with a 403 first).
     */
    @Test
    void everyOperationOfTheDocumentIs401WithoutAToken415ForAForeignMediaTypeAnd413OverItsLimit() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        Workspace enterprise = http().createWorkspace(OPERATOR_TOKEN, "enterprise"); // the writes below are many
        List<String> wrong = new java.util.ArrayList<>();
        int operations = 0;
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) spec.path("paths")::fields) {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "zzz_01JD3000000000000000000000");
            boolean operators = path.getKey().startsWith("/v1/workspaces") || path.getKey().startsWith("/v1/admin/dead-letters");
            String token = operators ? OPERATOR_TOKEN : enterprise.token();
            for (String method : List.of("get", "post", "patch", "put", "delete")) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode()) {
                    continue;
                }
                operations++;
                String what = method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                boolean isPublic = operation.path("security").isArray() && operation.path("security").isEmpty();
                if (!isPublic) {
                    expect(wrong, what + " without a token", call(method, concrete).send(), 401, "unauthorized");
                }
                if (method.equals("get") || method.equals("delete")) {
                    continue;
                }
                expect(wrong, what + " in text/plain", call(method, concrete).token(token).rawBody("x", "text/plain")
                        .send(), 415, "unsupported_media_type");
                // JSON of another type: the operations take application/json, not whatever Jackson can read
                expect(wrong, what + " in application/problem+json", call(method, concrete).token(token)
                        .rawBody("{}", "application/problem+json").send(), 415, "unsupported_media_type");
                RawHttp.Response tooLarge = RawHttp.send(port, method.toUpperCase(java.util.Locale.ROOT) + " " + concrete
                        + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\nExpect: 100-continue"
                        + "\r\nConnection: close\r\n\r\n");
                if (tooLarge.status() != 413 || !tooLarge.json().path("type").asText().endsWith("/body_too_large")) {
                    wrong.add(what + " over the limit: " + tooLarge);
                }
            }
        }

        assertThat(operations).isGreaterThan(60);
        assertThat(wrong).isEmpty();
    }

    /**
     * The two kinds of credential, each valid, have no rights on the other's operations (docs/identity.md): the
     * operator token on every operation of a workspace, an admin key with every scope on the operator's, are 403
     * before anything else is looked at. Every operation of the OpenAPI document, but the public ones.
     */
    @Test
    void everyOperationOfTheDocumentIs403ForTheOtherKindOfCredential() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        List<String> wrong = new java.util.ArrayList<>();
        int operations = 0;
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) spec.path("paths")::fields) {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "zzz_01JD3000000000000000000000");
            boolean operators = path.getKey().startsWith("/v1/workspaces") || path.getKey().startsWith("/v1/admin/dead-letters");
            String otherToken = operators ? workspace.token() : OPERATOR_TOKEN;
            for (String method : List.of("get", "post", "patch", "put", "delete")) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode() || operation.path("security").isArray() && operation.path("security").isEmpty()) {
                    continue;
                }
                operations++;
                expect(wrong, method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(),
                        call(method, concrete).token(otherToken).send(), 403, "forbidden");
            }
        }

        assertThat(operations).isGreaterThan(60);
        assertThat(wrong).isEmpty();
    }

    private com.lealup.app.support.HttpClientSupport.Call call(String method, String path) {
        return switch (method) {
            case "get" -> http().get(path);
            case "post" -> http().post(path);
            case "patch" -> http().patch(path);
            case "put" -> http().put(path);
            default -> http().delete(path);
        };
    }

    private static void expect(List<String> wrong, String what, Response response, int status, String code) {
        if (response.status() != status || !"application/problem+json".equals(response.contentType())
                || !response.json().path("type").asText().equals("https://api.lealup.com/errors/" + code)) {
            wrong.add(what + ": " + response);
        }
    }

    static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asText()).isEqualTo("https://api.lealup.com/errors/" + code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("trace_id").asText()).isEqualTo(response.header("X-Trace-Id")).isNotBlank();
    }

    static void assertFieldError(Response response, String field, String code) {
        assertProblem(response, 400, "validation_error");
        JsonNode errors = response.json().path("errors");
        assertThat(errors.size()).as(response.toString()).isEqualTo(1);
        assertThat(errors.get(0).path("field").asText()).as(response.toString()).isEqualTo(field);
        assertThat(errors.get(0).path("code").asText()).as(response.toString()).isEqualTo(code);
    }
}
