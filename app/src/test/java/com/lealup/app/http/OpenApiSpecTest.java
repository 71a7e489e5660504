package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The OpenAPI document describes exactly the /v1 operations the server has, with their real success codes. */
class OpenApiSpecTest extends ApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void everyV1OperationIsInTheSpecWithItsSuccessStatus() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            for (String path : mapping.getKey().getPatternValues()) {
                if (!path.startsWith("/v1/") || path.startsWith("/v1/openapi.json")) {
                    continue;
                }
                for (RequestMethod method : mapping.getKey().getMethodsCondition().getMethods()) {
                    JsonNode operation = spec.path("paths").path(path).path(method.name().toLowerCase());
                    if (operation.isMissingNode()) {
                        missing.add(method + " " + path);
                        continue;
                    }
                    String expected = switch (method) {
                        case DELETE -> "204";
                        case POST -> path.endsWith("/restore") || path.endsWith("/recalculate")
                                || path.endsWith("/complete") || path.endsWith("/connect") ? "200" : "201|202|200";
                        default -> "200";
                    };
                    assertThat(operation.path("responses").fieldNames()).toIterable()
                            .as(method + " " + path).anyMatch(code -> code.matches(expected));
                    assertThat(operation.path("summary").asText()).as(method + " " + path + " has a summary").isNotBlank();
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(spec.path("paths").has("/error")).isFalse();
        assertThat(spec.path("paths").path("/v1/customers").path("post").path("responses").has("201")).isTrue();
        assertThat(spec.path("paths").path("/v1/customers/{id}").path("patch").path("requestBody").toString())
                .contains("CustomerRequest");
        assertThat(spec.path("paths").path("/v1/events").path("post").path("requestBody").toString())
                .contains("IngestRequest");
        assertThat(spec.path("components").path("schemas").path("IncomingEvent").path("properties").has("event_id"))
                .isTrue();
    }

    @Test
    void writesThatWaitForTheirReadModelDocumentTheir202() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        for (String operation : List.of("/v1/customers post", "/v1/customers/{id} patch", "/v1/tasks post",
                "/v1/customers/{customerId}/contacts/{contactId} patch", "/v1/api-keys/{id} delete")) {
            String[] parts = operation.split(" ");
            JsonNode accepted = spec.path("paths").path(parts[0]).path(parts[1]).path("responses").path("202");
            assertThat(accepted.path("content").path("application/json").path("schema").path("$ref").asText())
                    .as(operation).isEqualTo("#/components/schemas/Accepted");
            assertThat(accepted.path("headers").has("Location")).as(operation).isTrue();
        }
        assertThat(spec.path("paths").path("/v1/customers/{id}").path("get").path("responses").has("202")).isFalse();
        assertThat(spec.path("paths").path("/v1/customers/{id}").path("delete").path("responses").has("202")).isFalse();
        assertThat(spec.path("components").path("schemas").path("Accepted").path("properties").fieldNames())
                .toIterable().containsExactly("id", "version", "status", "secret");
    }
}
