package com.lealup.app.identity;

import static com.lealup.app.identity.WorkspacesApiTest.assertUnauthorized;
import static com.lealup.app.identity.WorkspacesApiTest.texts;
import static com.lealup.app.support.Problems.assertFieldErrors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysApiTest extends ApiTest {

    @Test
    void anAdminCreatesAKeyThatWorksAtOnceAndIsListedWithoutItsSecret() {
        Workspace workspace = newWorkspace();

        Response created = createKey(workspace.token(), " Zapier\t", "manager", List.of("customers:read", "customers:write"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode key = created.json();
        assertThat(created.header("Location")).isEqualTo("/v1/api-keys/" + key.path("id").asText());
        assertThat(key.path("tenant_id").asText()).isEqualTo(workspace.id());
        assertThat(key.path("role").asText()).isEqualTo("manager");
        assertThat(key.path("name").asText()).as("kept without the blanks around it").isEqualTo("Zapier");
        assertThat(texts(key.path("scopes"))).containsExactly("customers:read", "customers:write");
        assertThat(key.path("user_id").isNull()).isTrue();
        String secret = key.path("secret").asText();
        assertThat(secret).startsWith("lk_");

        // a manager is no admin: the new key authenticates (403, not 401) but may not list keys
        assertThat(http().get("/v1/api-keys").token(secret).send().status()).isEqualTo(403);
        Response list = http().get("/v1/api-keys").token(workspace.token()).send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.rawBody()).doesNotContain(secret).doesNotContain("secret");
        assertThat(ids(list)).contains(key.path("id").asText()).hasSize(2);

        // its Location is where it can be read again, without its secret
        Response read = http().get(created.header("Location")).token(workspace.token()).send();
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(read.rawBody()).doesNotContain(secret).doesNotContain("secret");
        assertThat(read.header("ETag")).isNotBlank().as("as its creation answered").isEqualTo(created.header("ETag"));
        assertThat(http().get(created.header("Location")).token(secret).send().status()).isEqualTo(403);
    }

    @Test
    void theListIsKeysetPaginated() {
        Workspace workspace = newWorkspace();
        createKey(workspace.token(), "b", "viewer", List.of("customers:read"));
        createKey(workspace.token(), "c", "viewer", List.of("customers:read"));

        Response first = http().get("/v1/api-keys?limit=2").token(workspace.token()).send();
        assertThat(first.json().path("has_more").asBoolean()).isTrue();
        Response second = http().get("/v1/api-keys?limit=2&cursor=" + first.json().path("next_cursor").asText())
                .token(workspace.token()).send();

        assertThat(second.json().path("has_more").asBoolean()).isFalse();
        assertThat(second.json().path("next_cursor").isNull()).isTrue();
        Set<String> all = new HashSet<>(ids(first));
        all.addAll(ids(second));
        assertThat(all).hasSize(3);
        assertThat(http().get("/v1/api-keys?cursor=nonsense").token(workspace.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/api-keys?limit=201").token(workspace.token()).send().status()).isEqualTo(400);
    }

    @Test
    void aCursorTheApiDidNotIssueIs400OnEveryList() {
        Workspace workspace = newWorkspace();
        createKey(workspace.token(), "b", "viewer", List.of("customers:read"));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        List<String> forged = new ArrayList<>(List.of("", "nonsense"));
        for (String json : List.of("{\"x\":1}", "{\"id\":123}", "{}", "[]", "\"id\"", "null", "{\"id\":null}",
                "{\"id\":\"seg_01JD3K4Z5X6Y7W8V9T0S1R2Q3P\"}", "{\"id\":[\"key_01JD3K4Z5X6Y7W8V9T0S1R2Q3P\"]}",
                "{\"id\":\"key_01JD3K4Z5X6Y7W8V9T0S1R2Q3P\"} x")) {
            forged.add(base64.encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        }
        for (String list : List.of("/v1/api-keys", "/v1/users", "/v1/territories", "/v1/customers", "/v1/tasks")) {
            for (String cursor : forged) {
                Response response = http().get(list + "?limit=2&cursor=" + cursor).token(workspace.token()).send();
                assertThat(response.status()).as(list + " " + cursor + ": " + response).isEqualTo(400);
                assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_cursor");
            }
        }
        String issued = http().get("/v1/api-keys?limit=1").token(workspace.token()).send().json().path("next_cursor").asText();
        assertThat(http().get("/v1/api-keys?limit=1&cursor=" + issued).token(workspace.token()).send().status()).isEqualTo(200);
    }

    @Test
    void anIdempotencyKeyReplaysOnlyToTheCallerThatGotTheAnswer() {
        Workspace workspace = newWorkspace();
        String viewer = createKey(workspace.token(), "Viewer", "viewer", List.of("customers:read", "customers:write"))
                .json().path("secret").asText();
        Map<String, Object> invitation = Map.of("email", "maria@acme.com", "role", "csm", "locale", "es",
                "timezone", "Europe/Madrid", "initial_territory_ids", List.of());
        Map<String, Object> key = Map.of("name", "k", "role", "viewer", "scopes", List.of("customers:read"));

        // an admin's answer is not the viewer's to see
        Response invited = idempotent(workspace.token(), "/v1/users", "k1", invitation);
        Response replayedToViewer = idempotent(viewer, "/v1/users", "k1", invitation);
        Response issued = idempotent(workspace.token(), "/v1/api-keys", "k2", key);
        Response issuedToViewer = idempotent(viewer, "/v1/api-keys", "k2", key);
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        for (Response refused : List.of(replayedToViewer, issuedToViewer)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().path("type").asText()).endsWith("/idempotency_key_reused");
            assertThat(refused.header("Idempotent-Replayed")).isNull();
        }
        Response replayed = idempotent(workspace.token(), "/v1/users", "k1", invitation);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.rawBody()).isEqualTo(invited.rawBody());

        // a refusal for want of rights is not stored: the admin's request with that key runs
        Map<String, Object> other = Map.of("email", "ana@acme.com", "role", "csm", "locale", "es",
                "timezone", "Europe/Madrid", "initial_territory_ids", List.of());
        assertThat(idempotent(viewer, "/v1/users", "k3", other).status()).isEqualTo(403);
        Response byAdmin = idempotent(workspace.token(), "/v1/users", "k3", other);
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(201);
        assertThat(byAdmin.header("Idempotent-Replayed")).isNull();
        assertThat(http().get("/v1/users").token(workspace.token()).send().json().path("data").size()).isEqualTo(2);
    }

    private Response idempotent(String token, String path, String key, Object body) {
        return http().post(path).token(token).header("Idempotency-Key", key).json(body).send();
    }

    @Test
    void aRevokedKeyFailsOnTheNextRequest() {
        Workspace workspace = newWorkspace();
        JsonNode key = createKey(workspace.token(), "Temp", "admin", List.of("admin:*")).json();
        String secret = key.path("secret").asText();
        assertThat(http().get("/v1/api-keys").token(secret).send().status()).isEqualTo(200);

        Response revoked = http().delete("/v1/api-keys/" + key.path("id").asText()).token(workspace.token()).send();

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        assertUnauthorized(http().get("/v1/api-keys").token(secret).send());
        assertThat(ids(http().get("/v1/api-keys").token(workspace.token()).send())).doesNotContain(key.path("id").asText());
        assertThat(http().delete("/v1/api-keys/" + key.path("id").asText()).token(workspace.token()).send().status())
                .isEqualTo(404);
        assertThat(http().get("/v1/api-keys/" + key.path("id").asText()).token(workspace.token()).send().status())
                .isEqualTo(404);
    }

    /** A deactivated user's keys fail to authenticate, so they are no valid keys: neither listed nor found. */
    @Test
    void theKeysOfADeactivatedUserFailAndAreNoLongerListed() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String ana = calls.user("ana@x.com", "csm");
        Response issued = calls.createKey("csm", List.of("customers:read"), ana);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String keyId = issued.json().path("id").asText();
        String secret = issued.json().path("secret").asText();
        assertThat(http().get("/v1/customers").token(secret).send().status()).isEqualTo(200);
        assertThat(ids(http().get("/v1/api-keys").token(workspace.token()).send())).contains(keyId);

        Response deactivated = http().delete("/v1/users/" + ana).token(workspace.token()).send();

        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(204);
        assertUnauthorized(http().get("/v1/customers").token(secret).send());
        assertThat(ids(http().get("/v1/api-keys").token(workspace.token()).send()))
                .containsExactly(workspace.body().path("api_key").path("id").asText());
        assertThat(http().get("/v1/api-keys/" + keyId).token(workspace.token()).send().status()).isEqualTo(404);
        assertThat(http().delete("/v1/api-keys/" + keyId).token(workspace.token()).send().status()).isEqualTo(404);
    }

    @Test
    void aKeyOfAnotherWorkspaceIsNotFound() {
        Workspace mine = newWorkspace();
        Workspace theirs = newWorkspace();
        String theirKey = createKey(theirs.token(), "Theirs", "viewer", List.of("customers:read")).json().path("id").asText();

        Response response = http().delete("/v1/api-keys/" + theirKey).token(mine.token()).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(http().get("/v1/api-keys/" + theirKey).token(mine.token()).send().status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(http().delete("/v1/api-keys/key_nonsense").token(mine.token()).send().status()).isEqualTo(404);
        assertThat(ids(http().get("/v1/api-keys").token(theirs.token()).send())).contains(theirKey);
    }

    @Test
    void onlyAdminsCreateKeysAndNeverWithMoreScopesThanTheirOwn() {
        Workspace workspace = newWorkspace();
        String viewer = createKey(workspace.token(), "Viewer", "viewer", List.of("customers:read")).json().path("secret").asText();
        String narrowAdmin = createKey(workspace.token(), "Narrow", "admin", List.of("customers:read")).json().path("secret").asText();

        Response byViewer = createKey(viewer, "Escalate", "admin", List.of("admin:*"));
        Response escalation = createKey(narrowAdmin, "Escalate", "admin", List.of("customers:write"));

        assertThat(byViewer.status()).as(byViewer.toString()).isEqualTo(403);
        assertThat(byViewer.json().path("type").asText()).isEqualTo("https://api.lealup.com/errors/forbidden");
        assertThat(escalation.status()).as(escalation.toString()).isEqualTo(403);
        assertThat(createKey(narrowAdmin, "Same", "viewer", List.of("customers:read")).status()).isEqualTo(201);
    }

    @Test
    void aKeyRevokesOnlyKeysWithinItsOwnScopes() {
        Workspace workspace = newWorkspace();
        String narrowAdmin = createKey(workspace.token(), "Narrow", "admin", List.of("customers:read")).json().path("secret").asText();
        String full = createKey(workspace.token(), "Full", "admin", List.of("admin:*")).json().path("id").asText();
        String reader = createKey(workspace.token(), "Reader", "viewer", List.of("customers:read")).json().path("id").asText();
        String workspaceKey = workspace.body().path("api_key").path("id").asText();

        Response beyond = http().delete("/v1/api-keys/" + full).token(narrowAdmin).send();
        Response first = http().delete("/v1/api-keys/" + workspaceKey).token(narrowAdmin).send();

        assertThat(beyond.status()).as(beyond.toString()).isEqualTo(403);
        assertThat(beyond.json().path("type").asText()).isEqualTo("https://api.lealup.com/errors/forbidden");
        assertThat(first.status()).as(first.toString()).isEqualTo(403);
        assertThat(ids(http().get("/v1/api-keys").token(workspace.token()).send())).contains(full, workspaceKey);
        assertThat(http().delete("/v1/api-keys/" + reader).token(narrowAdmin).send().status()).isEqualTo(204);
    }

    @Test
    void unknownScopesRolesAndBadFieldsAre400() {
        String token = newWorkspace().token();
        assertInvalid(createKey(token, "k", "admin", List.of("customers:read", "customers:delete")), "scopes[1]");
        assertInvalid(createKey(token, "k", "owner", List.of("customers:read")), "role");
        assertInvalid(createKey(token, "", "admin", List.of("customers:read")), "name");
        assertInvalid(createKey(token, "k", "admin", List.of()), "scopes");
        // an id of no user, whatever its shape, is an unknown user (422), as every reference in a body is
        Response notAUser = http().post("/v1/api-keys").token(token).json(Map.of("name", "k", "role", "admin",
                "scopes", List.of("customers:read"), "user_id", "cus_1")).send();
        assertThat(notAUser.status()).as(notAUser.toString()).isEqualTo(422);
        assertThat(notAUser.json().path("errors").get(0).path("code").asText()).isEqualTo("unknown_user");
        assertThat(ids(http().get("/v1/api-keys").token(token).send())).hasSize(1);
    }

    @Test
    void aBodyWithSeveralBadFieldsNamesEveryOne() {
        String token = newWorkspace().token();
        assertFieldErrors(createKey(token, "", "x", List.of()), "name required", "role unknown_value",
                "scopes invalid_length");
        assertFieldErrors(createKey(token, "k", "owner", List.of("nope", "customers:read", "customers:delete")),
                "role unknown_value", "scopes[0] unknown_value", "scopes[2] unknown_value");
        assertThat(ids(http().get("/v1/api-keys").token(token).send())).hasSize(1);
    }

    @Test
    void theBootstrapTokenIsAnAdminKeyOfTheDefaultWorkspace() {
        Response response = http().post("/v1/api-keys").token(BOOTSTRAP_TOKEN)
                .json(Map.of("name", "probe", "role", "viewer", "scopes", List.of("customers:read"))).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().path("tenant_id").asText()).isEqualTo("wsp_" + "0".repeat(26));
    }

    @Test
    void missingMalformedAndUnknownTokensAre401() {
        assertUnauthorized(http().get("/v1/api-keys").send());
        assertUnauthorized(http().get("/v1/api-keys").header("Authorization", "Bearer").send());
        assertUnauthorized(http().get("/v1/api-keys").header("Authorization", "Token lk_abc").send());
        assertUnauthorized(http().get("/v1/api-keys").token("lk_unknown").send());
        // the same bad token again is answered from the negative cache, still 401
        assertUnauthorized(http().get("/v1/api-keys").token("lk_unknown").send());
    }

    /** Which of two credentials is meant cannot be known: neither counts, even when both are valid. */
    @Test
    void twoAuthorizationHeadersAre401() throws Exception {
        HttpRequest twice = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/api-keys"))
                .header("Authorization", "Bearer " + BOOTSTRAP_TOKEN)
                .header("Authorization", "Bearer " + BOOTSTRAP_TOKEN).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(twice, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(response.body()).contains("several are ambiguous");
        assertThat(http().get("/v1/api-keys").token(BOOTSTRAP_TOKEN).send().status()).isEqualTo(200);
    }

    @Test
    void theOpenApiSpecNeedsNoToken() {
        assertThat(http().get("/v1/openapi.json").send().status()).isEqualTo(200);
    }

    private Response createKey(String token, String name, String role, List<String> scopes) {
        return http().post("/v1/api-keys").token(token).json(Map.of("name", name, "role", role, "scopes", scopes)).send();
    }

    private static List<String> ids(Response list) {
        return list.json().path("data").findValuesAsText("id");
    }

    private static void assertInvalid(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
    }
}
