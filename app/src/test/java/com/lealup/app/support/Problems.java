package com.lealup.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.HttpClientSupport.Response;
import java.util.ArrayList;
import java.util.List;

/** Assertions on the problems of docs/conventions.md ("Errors"), shared by the API tests of every feature. */
public final class Problems {

    private Problems() {
    }

    /** {@code response} is the problem+json of {@code status} whose {@code type} ends with {@code code}. */
    public static JsonNode assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asText()).as(response.toString())
                .isEqualTo("https://api.lealup.com/errors/" + code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    /** A 400 {@code validation_error} naming exactly these field errors, each {@code "field code"}, in this order. */
    public static JsonNode assertFieldErrors(Response response, String... errors) {
        JsonNode problem = assertProblem(response, 400, "validation_error");
        List<String> named = new ArrayList<>();
        problem.path("errors").forEach(e -> named.add(e.path("field").asText() + " " + e.path("code").asText()));
        assertThat(named).as(response.toString()).containsExactly(errors);
        return problem;
    }
}
