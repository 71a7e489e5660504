package com.lealup.app.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.FakeOutsideWorld;
import com.lealup.app.support.FakeOutsideWorld.Reply;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class IntegrationsApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private Workspace ws;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Map<String, String> statuses(Workspace workspace) {
        Response list = http().get("/v1/integrations").token(workspace.token()).send();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        Map<String, String> statuses = new java.util.LinkedHashMap<>();
        list.json().path("data").forEach(i -> statuses.put(i.path("name").asText(), i.path("status").asText()));
        return statuses;
    }

    private String key(String role, List<String> scopes) {
        Response key = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "k", "role", role, "scopes", scopes)).send();
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.json().path("secret").asText();
    }

    @Test
    void listsEveryIntegrationDisconnectedAtFirst() {
        Response list = http().get("/v1/integrations").token(ws.token()).send();

        assertThat(list.json().path("has_more").asBoolean()).isFalse();
        assertThat(list.json().path("data").get(0).has("connected_at")).isTrue();
        assertThat(statuses(ws)).containsExactly(Map.entry("gmail", "disconnected"),
                Map.entry("google_calendar", "disconnected"), Map.entry("slack", "disconnected"),
                Map.entry("hubspot", "disconnected"), Map.entry("salesforce", "disconnected"),
                Map.entry("zendesk", "disconnected"));
    }

    @Test
    void connectGivesAnAuthorizationUrlWithPkceAndTheCallbackConnectsWithTheVerifier() throws Exception {
        Response started = http().post("/v1/integrations/hubspot/connect").token(ws.token()).send();

        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        // the state is the callback's credential: never kept by a cache
        assertThat(started.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = started.json();
        String state = body.path("state").asText();
        assertThat(state).hasSizeGreaterThanOrEqualTo(43);
        // to the microsecond, as every time the API shows
        assertThat(body.path("expires_at").asText()).matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z");
        String url = body.path("authorization_url").asText();
        assertThat(url).startsWith(FakeOutsideWorld.get().url() + "/oauth/hubspot/authorize?");
        Map<String, String> query = OAuthCalls.query(url);
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "hubspot-client")
                .containsEntry("state", state).containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", "http://localhost:8080/v1/integrations/hubspot/callback");
        assertThat(statuses(ws)).containsEntry("hubspot", "pending");

        String code = "code-" + System.nanoTime();
        String accessToken = "hub-access-" + System.nanoTime();
        FakeOutsideWorld.get().script("/oauth/hubspot/token", code, Reply.json(200,
                "{\"access_token\": \"" + accessToken + "\", \"refresh_token\": \"hub-refresh\", \"expires_in\": 3600}"));
        Response connected = OAuthCalls.callback(http(), "hubspot", code, state);

        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        assertThat(connected.json().path("status").asText()).isEqualTo("connected");
        assertThat(connected.json().path("connected_at").asText()).endsWith("Z");
        assertThat(statuses(ws)).containsEntry("hubspot", "connected");

        FakeOutsideWorld.Request exchange = FakeOutsideWorld.get().requests("/oauth/hubspot/token", code).get(0);
        Map<String, String> form = OAuthCalls.query("http://x/?" + exchange.body());
        assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("code", code);
        byte[] challenge = MessageDigest.getInstance("SHA-256")
                .digest(form.get("code_verifier").getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(challenge))
                .isEqualTo(query.get("code_challenge"));
        assertThat(exchange.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("hubspot-client:hubspot-secret".getBytes(StandardCharsets.UTF_8)));

        // encrypted at rest, and in no event
        byte[] stored = jdbc.sql("SELECT access_token FROM integration_credential WHERE workspace_id = ? AND name = ?")
                .params(ws.id(), "hubspot").query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(accessToken);
        assertThat(stored.length).isGreaterThan(accessToken.length());
        long eventsWithToken = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE position(? in payload) > 0")
                .param(accessToken.getBytes(StandardCharsets.UTF_8)).query(Long.class).single();
        assertThat(eventsWithToken).isZero();

        // the state was single use
        assertThat(OAuthCalls.callback(http(), "hubspot", code, state).status()).isEqualTo(400);
    }

    @Test
    void aWrongExpiredOrReplayedStateIs400AndChangesNothing() {
        Response started = http().post("/v1/integrations/slack/connect").token(ws.token()).send();
        String state = started.json().path("state").asText();

        Response wrong = OAuthCalls.callback(http(), "slack", "c1", "not-a-state");
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
        assertThat(wrong.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_state");
        assertThat(OAuthCalls.callback(http(), "hubspot", "c1", state).status()).as("another integration's state")
                .isEqualTo(400);
        assertThat(http().get("/v1/integrations/slack/callback?code=c1").send().status()).isEqualTo(400);

        clock.advance(Duration.ofMinutes(11));
        Response expired = OAuthCalls.callback(http(), "slack", "c1", state);
        assertThat(expired.status()).as(expired.toString()).isEqualTo(400);
        assertThat(statuses(ws)).as("an expired authorization shows the state before it").containsEntry("slack",
                "disconnected");
        clock.reset();

        Response restarted = http().post("/v1/integrations/slack/connect").token(ws.token()).send();
        String fresh = restarted.json().path("state").asText();
        String code = "code-" + System.nanoTime();
        FakeOutsideWorld.get().script("/oauth/slack/token", code, Reply.json(200,
                "{\"ok\": true, \"access_token\": \"xoxb-" + code + "\"}"));
        assertThat(OAuthCalls.callback(http(), "slack", code, fresh).status()).isEqualTo(200);
        Response replayed = OAuthCalls.callback(http(), "slack", code, fresh);
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(400);
        assertThat(FakeOutsideWorld.get().requests("/oauth/slack/token", code)).as("a replay reaches no provider")
                .hasSize(1);
        assertThat(statuses(ws)).containsEntry("slack", "connected");
    }

    @Test
    void aRefusedCallbackLeavesTheStateToTheRightOne() {
        Response started = http().post("/v1/integrations/slack/connect").token(ws.token()).send();
        String state = started.json().path("state").asText();

        Response wrongPath = OAuthCalls.callback(http(), "hubspot", "c1", state);
        assertThat(wrongPath.status()).as(wrongPath.toString()).isEqualTo(400);
        assertThat(wrongPath.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_state");
        Response noCode = http().get("/v1/integrations/slack/callback?state=" + state).send();
        assertThat(noCode.status()).as(noCode.toString()).isEqualTo(400);
        assertThat(noCode.json().path("errors").get(0).path("field").asText()).as(noCode.toString()).isEqualTo("code");
        Response denied = http().get("/v1/integrations/slack/callback?error=access_denied&state=" + state).send();
        assertThat(denied.status()).as(denied.toString()).isEqualTo(400);

        String code = "code-" + System.nanoTime();
        FakeOutsideWorld.get().script("/oauth/slack/token", code, Reply.json(200,
                "{\"ok\": true, \"access_token\": \"xoxb-" + code + "\"}"));
        Response connected = OAuthCalls.callback(http(), "slack", code, state);
        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        assertThat(statuses(ws)).containsEntry("slack", "connected");
    }

    @Test
    void aRefusedCodeIs502AndPutsTheIntegrationInError() {
        Response started = http().post("/v1/integrations/hubspot/connect").token(ws.token()).send();
        String code = "refused-" + System.nanoTime();
        FakeOutsideWorld.get().script("/oauth/hubspot/token", code, Reply.json(400, "{\"error\": \"invalid_grant\"}"));

        Response callback = OAuthCalls.callback(http(), "hubspot", code, started.json().path("state").asText());

        assertThat(callback.status()).as(callback.toString()).isEqualTo(502);
        assertThat(callback.json().path("type").asText()).endsWith("/token_exchange_failed");
        assertThat(statuses(ws)).containsEntry("hubspot", "error");
    }

    @Test
    void aLifetimeBeyondAnyDateMeansTokensThatDoNotExpireAndANegativeOneExpiredTokens() {
        for (String lifetime : List.of("99999999999999", "1e300", "-99999999999999")) {
            Response started = http().post("/v1/integrations/hubspot/connect").token(ws.token()).send();
            String code = "forever-" + System.nanoTime();
            FakeOutsideWorld.get().script("/oauth/hubspot/token", code, Reply.json(200,
                    "{\"access_token\": \"hub-forever\", \"expires_in\": " + lifetime + "}"));

            Response callback = OAuthCalls.callback(http(), "hubspot", code, started.json().path("state").asText());

            assertThat(callback.status()).as(lifetime + ": " + callback).isEqualTo(200);
            assertThat(statuses(ws)).containsEntry("hubspot", "connected");
            assertThat(jdbc.sql("SELECT expires_at IS NULL FROM integration_credential WHERE workspace_id = ? AND name = ?")
                    .params(ws.id(), "hubspot").query(Boolean.class).single()).as(lifetime)
                    .isEqualTo(!lifetime.startsWith("-"));
        }
    }

    @Test
    void disconnectForgetsTheTokensAndIsAConflictWhenNotConnected() {
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxb-" + System.nanoTime()).status()).isEqualTo(200);

        Response deleted = http().delete("/v1/integrations/slack").token(ws.token()).send();

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(statuses(ws)).containsEntry("slack", "disconnected");
        assertThat(jdbc.sql("SELECT count(*) FROM integration_credential WHERE workspace_id = ?").param(ws.id())
                .query(Long.class).single()).isZero();
        Response again = http().delete("/v1/integrations/slack").token(ws.token()).send();
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().path("type").asText()).endsWith("/integration_not_connected");
        assertThat(http().delete("/v1/integrations/gmail").token(ws.token()).send().status()).isEqualTo(409);
    }

    /** The state is a secret: shown once, so never stored with the answer that an Idempotency-Key replays. */
    @Test
    void anIdempotentReplayOfAConnectCarriesNoState() {
        String key = UUID.randomUUID().toString();
        Response started = http().post("/v1/integrations/slack/connect").token(ws.token()).header("Idempotency-Key", key)
                .send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String state = started.json().path("state").asText();

        Response replayed = http().post("/v1/integrations/slack/connect").token(ws.token()).header("Idempotency-Key", key)
                .send();
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.json().has("state")).isFalse();
        assertThat(replayed.json().has("authorization_url")).isFalse();
        assertThat(replayed.json().path("expires_at").asText()).isEqualTo(started.json().path("expires_at").asText());
        assertThat(replayed.rawBody()).doesNotContain(state);
    }

    @Test
    void anAuthorizationThatExpiredBeforeAnyConnectionLeavesNothingToDisconnect() {
        assertThat(http().post("/v1/integrations/slack/connect").token(ws.token()).send().status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(11));
        assertThat(statuses(ws)).containsEntry("slack", "disconnected");

        Response deleted = http().delete("/v1/integrations/slack").token(ws.token()).send();

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(409);
        assertThat(deleted.json().path("type").asText()).endsWith("/integration_not_connected");
    }

    @Test
    void anotherWorkspaceSeesNoneOfIt() {
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxb-" + System.nanoTime()).status()).isEqualTo(200);
        Workspace other = newWorkspace();

        assertThat(statuses(other)).containsEntry("slack", "disconnected");
        assertThat(http().delete("/v1/integrations/slack").token(other.token()).send().status()).isEqualTo(409);
        assertThat(statuses(ws)).containsEntry("slack", "connected");
    }

    @Test
    void errors() {
        assertThat(http().get("/v1/integrations").send().status()).isEqualTo(401);
        assertThat(http().post("/v1/integrations/slack/connect").send().status()).isEqualTo(401);
        assertThat(http().delete("/v1/integrations/slack").token("lk_unknown").send().status()).isEqualTo(401);

        String viewer = key("viewer", List.of("integrations:read", "integrations:write"));
        assertThat(http().get("/v1/integrations").token(viewer).send().status()).isEqualTo(200);
        assertThat(http().post("/v1/integrations/slack/connect").token(viewer).send().status()).isEqualTo(403);
        assertThat(http().delete("/v1/integrations/slack").token(viewer).send().status()).isEqualTo(403);
        String noScope = key("admin", List.of("customers:read"));
        assertThat(http().get("/v1/integrations").token(noScope).send().status()).isEqualTo(403);
        String manager = key("manager", List.of("admin:*"));
        assertThat(http().get("/v1/integrations/notification-signing-secret").token(manager).send().status())
                .as("the signing secret is for admins").isEqualTo(403);

        assertThat(http().post("/v1/integrations/myspace/connect").token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().delete("/v1/integrations/myspace").token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/integrations/myspace/callback?code=a&state=b").send().status()).isEqualTo(404);

        Response unconfigured = http().post("/v1/integrations/zendesk/connect").token(ws.token()).send();
        assertThat(unconfigured.status()).as(unconfigured.toString()).isEqualTo(422);
        assertThat(unconfigured.json().path("type").asText()).endsWith("/provider_not_configured");
        assertThat(statuses(ws)).containsEntry("zendesk", "disconnected");

        Response denied = http().get("/v1/integrations/slack/callback?error=access_denied&state=x").send();
        assertThat(denied.status()).isEqualTo(400);
    }

    @Test
    void theSigningSecretIsCreatedOnceAndShownToAdmins() {
        Response first = http().get("/v1/integrations/notification-signing-secret").token(ws.token()).send();
        Response second = http().get("/v1/integrations/notification-signing-secret").token(ws.token()).send();

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String secret = first.json().path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(second.json().path("secret").asText()).isEqualTo(secret);
        Workspace other = newWorkspace();
        assertThat(http().get("/v1/integrations/notification-signing-secret").token(other.token()).send().json()
                .path("secret").asText()).isNotEqualTo(secret);
    }
}
