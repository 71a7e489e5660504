package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ch.qos.logback.classic.Level;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.CapturedLog;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests at the edges of HTTP: paths that reach a route in another spelling, and requests Tomcat refuses before
 * Spring sees them.
 */
class EdgeRequestsApiTest extends ApiTest {

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void theRateLimitClassIsThatOfTheRouteHoweverThePathIsSpelt() {
        Workspace workspace = newWorkspace();
        for (String path : new String[] {"/v1/events", "/v1/events;x=1", "/v1/%65vents", "/v1;x=1/events;y=2"}) {
            Response ingest = http().post(path).token(workspace.token()).json("{\"events\": []}").send();
            Response query = http().get(path).token(workspace.token()).send();

            assertThat(ingest.status()).as(path + " " + ingest).isNotEqualTo(404);
            assertThat(ingest.header("X-RateLimit-Limit")).as(path).isEqualTo("60");
            assertThat(query.status()).as(path + " " + query).isEqualTo(200);
            assertThat(query.header("X-RateLimit-Limit")).as(path).isEqualTo("60");
        }
        Response bulk = http().post("/v1/customers/bulk-import;x=1").token(workspace.token()).json("{}").send();
        assertThat(bulk.header("X-RateLimit-Limit")).isEqualTo("10");
    }

    @Test
    void aPathSpeltOtherwiseIsNoWayAroundAuthentication() {
        for (String path : new String[] {"/v1;x=1/customers", "/%761/customers", "/v1/customers;x=1"}) {
            ConventionsApiTest.assertProblem(http().get(path).send(), 401, "unauthorized");
        }
        Response openApi = http().get("/v1/openapi.json;x=1").send();
        assertThat(openApi.status()).as("public however spelt").isEqualTo(200);
    }

    @Test
    void aHeaderOverTheLimitIsAProblem() {
        RawHttp.Response response = RawHttp.send(port, "GET /v1/customers HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

        assertTomcatProblem(response, 400, "bad_request", "/v1/customers");
    }

    @Test
    void pathsTomcatRefusesAreProblems() {
        for (String path : new String[] {"/v1/customers/a%2Fb", "/v1/customers/a%00b", "/v1/customers/a%ffb", "/v1/../../etc"}) {
            RawHttp.Response response = RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertTomcatProblem(response, 400, "bad_request", path);
        }
    }

    @Test
    void aPathTomcatRefusesKeepsTheTraceOfItsTraceparent() {
        RawHttp.Response response = RawHttp.send(port, "GET /v1/customers/a%2Fb HTTP/1.1\r\nHost: localhost\r\n"
                + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\nConnection: close\r\n\r\n");

        assertTomcatProblem(response, 400, "bad_request", "/v1/customers/a%2Fb");
        assertThat(response.header("X-Trace-Id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void traceIsAProblem() {
        RawHttp.Response response = RawHttp.send(port, "TRACE /v1/customers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertTomcatProblem(response, 405, "method_not_allowed", "/v1/customers");
        assertThat(response.header("Allow")).contains("GET");
        assertThat(response.body()).as("worded as every 405").contains("\"title\":\"Method not allowed\"",
                "\"detail\":\"TRACE is not allowed on this endpoint\"");
    }

    /** A proxy's method, which the server supports for no resource: RFC 9110's 501, as a problem. */
    @Test
    void connectIsNotImplementedAsAProblem() {
        RawHttp.Response response = RawHttp.send(port, "CONNECT /v1/customers HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");

        assertTomcatProblem(response, 501, "not_implemented", null);
    }

    /** A body Tomcat cannot read (a broken chunk) is the client's mistake: a 400 problem, no ERROR in the log. */
    @Test
    void aBrokenChunkedBodyIsAProblemAndNoErrorOfTheServer() {
        RawHttp.Response response = RawHttp.send(port, "POST /v1/customers/bulk-import HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + newWorkspace().token() + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        assertTomcatProblem(response, 400, "bad_request", "/v1/customers/bulk-import");
        assertThat(log.events()).filteredOn(event -> event.getLevel() == Level.ERROR).as("errors logged").isEmpty();
    }

    @Test
    void malformedRequestLinesAreProblems() {
        for (String line : new String[] {"GET /v1/{customers} HTTP/1.1", "G(T /v1/customers HTTP/1.1", "GET /v1/customers HTTP/9.z"}) {
            RawHttp.Response response = RawHttp.send(port, line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertTomcatProblem(response, 400, "bad_request", null);
        }
    }

    private static void assertTomcatProblem(RawHttp.Response response, int status, String code, String instance) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).isEqualTo("application/problem+json");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asText()).isEqualTo("https://api.lealup.com/errors/" + code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("trace_id").asText()).isNotBlank().isEqualTo(response.header("X-Trace-Id"));
        if (instance != null) {
            assertThat(problem.path("instance").asText()).isEqualTo(instance);
        }
        assertThat(response.body()).doesNotContainIgnoringCase("tomcat").doesNotContain("Exception", "at org.");
    }
}
