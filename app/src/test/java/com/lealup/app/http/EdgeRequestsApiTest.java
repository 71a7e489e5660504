package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import org.junit.jupiter.api.Test;

/**
 * Requests at the edges of HTTP: paths that reach a route in another spelling.
 */
class EdgeRequestsApiTest extends ApiTest {

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
}
