package com.lealup.app.identity;

import static com.lealup.app.support.Problems.assertFieldErrors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.api.identity.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class WorkspacesApiTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;

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

        // its Location is where the operator reads it again; the workspace's own key may not
        Response read = http().get(response.header("Location")).token(OPERATOR_TOKEN).send();
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(workspace);
        assertThat(read.header("ETag")).as("a workspace does not change: its first version").isEqualTo("\"1\"");
        for (String match : List.of("\"1\"", "*")) {
            assertThat(http().get(response.header("Location")).token(OPERATOR_TOKEN).header("If-None-Match", match)
                    .send().status()).isEqualTo(304);
        }
        assertThat(http().get(response.header("Location")).token(key.path("secret").asText()).send().status())
                .isEqualTo(403);
        for (String nothing : List.of("/v1/workspaces/wsp_01JD3ZZZZZZZZZZZZZZZZZZZZZ", "/v1/workspaces/acme")) {
            Response missing = http().get(nothing).token(OPERATOR_TOKEN).send();
            assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
            assertThat(missing.json().path("detail").asText()).startsWith("Workspace '");
        }
    }

    /**
     * API.md: Idempotency-Key on any POST. The operator's keys have a scope of their own: a retry creates no second
     * workspace and replays the first answer, without the key's secret (shown once, docs/conventions.md).
     */
    @Test
    void anIdempotencyKeyCreatesTheWorkspaceOnceInTheOperatorsOwnScope() {
        String key = "create-" + UUID.randomUUID();
        String name = "Idempotent " + key;
        Map<String, String> body = Map.of("name", name, "tier", "growth");

        Response first = createWorkspace(key, body);
        Response again = createWorkspace(key, body);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.json().path("workspace")).isEqualTo(first.json().path("workspace"));
        assertThat(again.json().path("api_key").path("id")).isEqualTo(first.json().path("api_key").path("id"));
        assertThat(again.json().path("api_key").has("secret")).as("a secret is shown once").isFalse();
        assertThat(again.headers().allValues("Cache-Control")).containsExactly("private");
        assertThat(jdbc.sql("SELECT count(*) FROM credentials_workspace WHERE name = ?").param(name)
                .query(Integer.class).single()).isEqualTo(1);

        Response reused = createWorkspace(key, Map.of("name", name, "tier", "scale"));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.json().path("type").asText()).endsWith("/idempotency_key_reused");
        // the same key in a workspace is another key
        Response inTheWorkspace = http().post("/v1/segments").token(first.json().path("api_key").path("secret").asText())
                .header("Idempotency-Key", key).json(Map.of("name", "Enterprise")).send();
        assertThat(inTheWorkspace.status()).as(inTheWorkspace.toString()).isEqualTo(201);
        assertThat(inTheWorkspace.header("Idempotent-Replayed")).isNull();

        // the operator's other POST, a dead letter's retry, in the same scope
        String retry = "/v1/admin/dead-letters/customers/nothing-parked/retry";
        Response creationsKey = http().post(retry).token(OPERATOR_TOKEN).header("Idempotency-Key", key).send();
        assertThat(creationsKey.status()).as(creationsKey.toString()).isEqualTo(422);
        Response retried = http().post(retry).token(OPERATOR_TOKEN).header("Idempotency-Key", key + "-retry").send();
        Response retriedAgain = http().post(retry).token(OPERATOR_TOKEN).header("Idempotency-Key", key + "-retry").send();
        assertThat(retried.status()).as(retried.toString()).isEqualTo(404);
        assertThat(retriedAgain.status()).isEqualTo(404);
        assertThat(retriedAgain.header("Idempotent-Replayed")).isEqualTo("true");
    }

    /** The last-admin rule counts users, who cannot sign in: revoking every admin key leaves the operator's way back. */
    @Test
    void theOperatorIssuesAnAdminKeyToAWorkspaceThatHasNoneLeft() {
        HttpClientSupport.Workspace locked = newWorkspace();
        String keyId = locked.body().path("api_key").path("id").asText();
        assertThat(http().delete("/v1/api-keys/" + keyId).token(locked.token()).send().status()).isEqualTo(204);
        assertThat(http().get("/v1/api-keys").token(locked.token()).send().status()).isEqualTo(401);

        String path = "/v1/workspaces/" + locked.id() + "/api-keys";
        Response issued = http().post(path).token(OPERATOR_TOKEN).json(Map.of("name", " Recovery ")).send();

        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        JsonNode key = issued.json();
        assertThat(issued.header("Location")).isEqualTo("/v1/api-keys/" + key.path("id").asText());
        assertThat(key.path("tenant_id").asText()).isEqualTo(locked.id());
        assertThat(key.path("name").asText()).isEqualTo("Recovery");
        assertThat(key.path("role").asText()).isEqualTo("admin");
        assertThat(texts(key.path("scopes"))).containsExactlyElementsOf(Scopes.ALL);
        assertThat(key.path("user_id").isNull()).isTrue();
        Response keys = http().get("/v1/api-keys").token(key.path("secret").asText()).send();
        assertThat(keys.status()).as(keys.toString()).isEqualTo(200);
        assertThat(keys.json().path("data").findValuesAsText("id")).containsExactly(key.path("id").asText());

        Response unnamed = http().post(path).token(OPERATOR_TOKEN).json(Map.of()).send();
        assertThat(unnamed.status()).as(unnamed.toString()).isEqualTo(400);
        assertThat(unnamed.json().path("errors").get(0).path("field").asText()).isEqualTo("name");
        for (String nothing : List.of("wsp_01JD3ZZZZZZZZZZZZZZZZZZZZZ", "acme")) {
            Response missing = http().post("/v1/workspaces/" + nothing + "/api-keys").token(OPERATOR_TOKEN)
                    .json(Map.of("name", "Recovery")).send();
            assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        }
        Response byAKey = http().post(path).token(key.path("secret").asText()).json(Map.of("name", "Mine")).send();
        assertThat(byAKey.status()).as(byAKey.toString()).isEqualTo(403);
    }

    private Response createWorkspace(String idempotencyKey, Map<String, String> body) {
        return http().post("/v1/workspaces").token(OPERATOR_TOKEN).header("Idempotency-Key", idempotencyKey).json(body)
                .send();
    }

    @Test
    void nameAndTierAreValidated() {
        assertInvalid(Map.of("tier", "growth"), "name", "required");
        assertInvalid(Map.of("name", " ", "tier", "growth"), "name", "required");
        assertInvalid(Map.of("name", "x".repeat(201), "tier", "growth"), "name", "too_long");
        assertInvalid(Map.of("name", "Acme"), "tier", "required");
        assertInvalid(Map.of("name", "Acme", "tier", "platinum"), "tier", "unknown_value");
        assertThat(http().post("/v1/workspaces").token(OPERATOR_TOKEN).json(Map.of("name", "  Padded ", "tier", "free"))
                .send().json().path("workspace").path("name").asText()).isEqualTo("Padded");
        assertThat(http().post("/v1/workspaces").token(OPERATOR_TOKEN)
                .json(Map.of("name", "x".repeat(200), "tier", "free")).send().status()).isEqualTo(201);
        // characters, as the spec's maxLength counts them: an emoji is one, not its two UTF-16 units
        String emoji = "\uD83D\uDE00";
        assertThat(http().post("/v1/workspaces").token(OPERATOR_TOKEN)
                .json(Map.of("name", emoji.repeat(200), "tier", "free")).send().status()).isEqualTo(201);
        assertInvalid(Map.of("name", emoji.repeat(201), "tier", "growth"), "name", "too_long");
    }

    @Test
    void aBodyWithSeveralBadFieldsNamesEveryOne() {
        assertFieldErrors(http().post("/v1/workspaces").token(OPERATOR_TOKEN).json(Map.of("name", "", "tier", "gold"))
                .send(), "name required", "tier unknown_value");
        assertFieldErrors(http().post("/v1/workspaces").token(OPERATOR_TOKEN).json(Map.of()).send(),
                "name required", "tier required");
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
    void theWorkspacesPathIsTheOperatorsWhateverTheMethod() {
        Response options = http().options("/v1/workspaces").token(OPERATOR_TOKEN).send();
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        assertThat(options.header("Allow")).contains("POST", "OPTIONS").doesNotContain("GET");
        Response get = http().get("/v1/workspaces").token(OPERATOR_TOKEN).send();
        assertThat(get.status()).as(get.toString()).isEqualTo(405);
        assertThat(get.header("Allow")).contains("POST");

        Response byKey = http().get("/v1/workspaces").token(newWorkspace().token()).send();
        assertThat(byKey.status()).as(byKey.toString()).isEqualTo(403);
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
