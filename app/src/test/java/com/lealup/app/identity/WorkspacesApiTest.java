package com.lealup.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.api.identity.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkspacesApiTest extends ApiTest {

    @Test
    void theOperatorCreatesAWorkspaceWhoseAdminKeyWorksAtOnce() {
        Response response = http().post("/v1/workspaces").token(OPERATOR_TOKEN)
                .json(Map.of("name", "Acme", "tier", "scale")).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode workspace = response.json().path("workspace");
        JsonNode key = response.json().path("api_key");
        assertThat(workspace.path("id").asText()).startsWith("wsp_");
        assertThat(workspace.path("name").asText()).isEqualTo("Acme");
        assertThat(workspace.path("tier").asText()).isEqualTo("scale");
        assertThat(workspace.path("created_at").asText()).endsWith("Z");
        assertThat(response.header("Location")).isEqualTo("/v1/workspaces/" + workspace.path("id").asText());
        assertThat(key.path("id").asText()).startsWith("key_");
        assertThat(key.path("role").asText()).isEqualTo("admin");
        assertThat(texts(key.path("scopes"))).containsExactlyElementsOf(Scopes.ALL);
        assertThat(key.path("secret").asText()).matches("lk_[A-Za-z0-9_-]{43}");

        Response keys = http().get("/v1/api-keys").token(key.path("secret").asText()).send();
        assertThat(keys.status()).as(keys.toString()).isEqualTo(200);
        assertThat(keys.json().path("data").get(0).path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(keys.json().path("data").get(0).has("secret")).isFalse();
    }

    @Test
    void nameAndTierAreValidated() {
        assertInvalid(Map.of("tier", "growth"), "name", "required");
        assertInvalid(Map.of("name", " ", "tier", "growth"), "name", "required");
        assertInvalid(Map.of("name", "x".repeat(201), "tier", "growth"), "name", "too_long");
        assertInvalid(Map.of("name", "Acme"), "tier", "required");
        assertInvalid(Map.of("name", "Acme", "tier", "platinum"), "tier", "unknown_value");
        assertThat(http().post("/v1/workspaces").token(OPERATOR_TOKEN)
                .json(Map.of("name", "x".repeat(200), "tier", "free")).send().status()).isEqualTo(201);
    }

    @Test
    void onlyTheOperatorTokenCreatesWorkspaces() {
        Map<String, String> body = Map.of("name", "Acme", "tier", "growth");
        assertUnauthorized(http().post("/v1/workspaces").json(body).send());
        assertUnauthorized(http().post("/v1/workspaces").token("op_wrong").json(body).send());
        assertUnauthorized(http().post("/v1/workspaces").header("Authorization", "Basic " + OPERATOR_TOKEN).json(body).send());
    }

    @Test
    void anApiKeyIsAValidTokenWithoutTheRightToCreateWorkspaces() {
        Response response = http().post("/v1/workspaces").token(newWorkspace().token())
                .json(Map.of("name", "Acme", "tier", "growth")).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isNull();
    }

    @Test
    void theOperatorTokenIsForbiddenElsewhere() {
        Response response = http().get("/v1/api-keys").token(OPERATOR_TOKEN).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    private void assertInvalid(Map<String, String> body, String field, String code) {
        Response response = http().post("/v1/workspaces").token(OPERATOR_TOKEN).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
        assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo(code);
    }

    static void assertUnauthorized(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("type").asText()).isEqualTo("https://api.lealup.com/errors/unauthorized");
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
