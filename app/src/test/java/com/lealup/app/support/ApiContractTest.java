package com.lealup.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check refuses an error its operation does not name, by type and by status. */
class ApiContractTest {

    private static final String TYPES = "https://api.lealup.com/errors/";
    private static final String PROBLEM = """
            {"content": {"application/problem+json": {"schema": {"allOf": [
              {"$ref": "#/components/schemas/Problem"},
              {"type": "object", "additionalProperties": true,
               "properties": {"type": {"type": "string", "enum": [%s]}}}]}}}, "description": "%s"}""";
    private static final String DOCUMENT = """
            {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
             "paths": {"/v1/tasks/{id}": {"get": {
               "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {"200": {"description": "The task"}, "404": %s, "4XX": %s}}}},
             "components": {"schemas": {"Problem": {"type": "object", "additionalProperties": true,
               "properties": {"type": {"type": "string"}, "status": {"type": "integer"}}}}}}"""
            .formatted(PROBLEM.formatted("\"" + TYPES + "not_found\"", "not_found"),
                    """
                    {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                     "description": "the container's"}""");

    private final ApiContract contract = new ApiContract(DOCUMENT);

    @Test
    void aNamedErrorOfANamedTypeHolds() {
        assertThat(answer(404, "not_found")).isEmpty();
        // 405 and 406 are the container's, on any route: 4XX
        assertThat(answer(406, "not_acceptable")).isEmpty();
    }

    @Test
    void aTypeItsStatusDoesNotNameIsABreach() {
        assertThat(answer(404, "task_closed")).singleElement().asString().contains("task_closed");
    }

    @Test
    void aStatusTheOperationDoesNotNameIsABreachThoughItsTypeIsAProblem() {
        assertThat(answer(409, "task_closed")).singleElement().asString().contains("409 is answered but not declared");
    }

    private List<String> answer(int status, String code) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("application/problem+json")),
                (name, value) -> true);
        return contract.breaches("GET", "/v1/tasks/tsk_1", Map.of(), null, new HttpClientSupport.Response(status,
                headers, "{\"type\": \"" + TYPES + code + "\", \"status\": " + status + ", \"detail\": \"d\"}"));
    }
}
