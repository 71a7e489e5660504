package com.lealup.app.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.notification.SendNotification;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.FakeOutsideWorld;
import com.lealup.app.support.FakeOutsideWorld.Reply;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slack tokens that expire (Slack's token rotation): refreshed with the stored refresh token before posting, once
 * however many deliveries need it at the same time; a grant that cannot be refreshed, or that Slack reports
 * revoked, puts the integration in error and fails the delivery at once.
 */
class TokenRefreshTest extends ApiTest {

    private static final String TOKEN_ENDPOINT = "/oauth/slack/token";
    private static final String POST_MESSAGE = "/api/chat.postMessage";
    private static final NotificationSource SOURCE = new NotificationSource("pbk_1", "run_1", 1);

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcClient jdbc;

    private final FakeOutsideWorld world = FakeOutsideWorld.get();
    private Workspace ws;
    private String unique;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
        unique = String.valueOf(System.nanoTime());
    }

    /** Connects Slack with a token expiring in 30 s, inside the refresh margin: its first use refreshes it. */
    private void connectSlackExpiringSoon(String refreshToken) {
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxe.xoxb-old-" + unique, refreshToken, 30)
                .status()).isEqualTo(200);
    }

    private static String grant(String accessToken, String refreshToken) {
        return "{\"ok\": true, \"token_type\": \"bot\", \"access_token\": \"" + accessToken
                + "\", \"refresh_token\": \"" + refreshToken + "\", \"expires_in\": 43200}";
    }

    private String send(String channel) {
        String id = Ids.next(Ids.NOTIFICATION);
        commandGateway.sendAndWait(new SendNotification(id, ws.id(), "slack", channel, "hello", Map.of(), SOURCE, null),
                MetaData.with(MetadataKeys.WORKSPACE_ID, ws.id()).and(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                        .and(MetadataKeys.ACTOR_ID, "test").and(MetadataKeys.TRACE_ID, Ids.ulid()));
        return id;
    }

    private Object outcome(String notificationId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            List<Object> events = eventStore.readEvents(notificationId).asStream().map(e -> (Object) e.getPayload())
                    .toList();
            Object last = events.get(events.size() - 1);
            if (last instanceof NotificationDelivered || last instanceof NotificationFailed) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No outcome for " + notificationId);
    }

    /** The Slack integration as GET /v1/integrations shows it, once its status is {@code status}. */
    private JsonNode slackOnceItIs(String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode slack = null;
        while (Instant.now().isBefore(deadline)) {
            Response list = http().get("/v1/integrations").token(ws.token()).send();
            for (JsonNode integration : list.json().path("data")) {
                if (integration.path("name").asText().equals("slack")) {
                    slack = integration;
                }
            }
            if (slack != null && slack.path("status").asText().equals(status)) {
                return slack;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Slack is not " + status + ": " + slack);
    }

    private long storedCredentials() {
        return jdbc.sql("SELECT count(*) FROM integration_credential WHERE workspace_id = ? AND name = 'slack'")
                .param(ws.id()).query(Long.class).single();
    }

    @Test
    void anExpiringTokenIsRefreshedOnceForConcurrentDeliveriesAndTheNewTokensAreStored() throws Exception {
        String refreshToken = "xoxe-1-" + unique;
        String newToken = "xoxe.xoxb-new-" + unique;
        connectSlackExpiringSoon(refreshToken);
        // slow enough that every worker asks for the token while the refresh is under way
        world.script(TOKEN_ENDPOINT, refreshToken,
                Reply.json(200, grant(newToken, "xoxe-2-" + unique)).after(Duration.ofMillis(700)));

        List<String> ids = IntStream.range(0, 4).mapToObj(i -> send("#rotated-" + i + "-" + unique)).toList();

        for (String id : ids) {
            assertThat(outcome(id)).as(id).isInstanceOf(NotificationDelivered.class);
        }
        List<FakeOutsideWorld.Request> refreshes = world.requests(TOKEN_ENDPOINT, refreshToken);
        assertThat(refreshes).as("one refresh for all four").hasSize(1);
        Map<String, String> form = OAuthCalls.query("http://x/?" + refreshes.get(0).body());
        assertThat(form).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", refreshToken)
                .containsEntry("client_id", "slack-client");
        assertThat(refreshes.get(0).header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("slack-client:slack-secret".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 4; i++) {
            assertThat(world.requests(POST_MESSAGE, "#rotated-" + i + "-" + unique).get(0).header("Authorization"))
                    .isEqualTo("Bearer " + newToken);
        }

        // stored encrypted, and used as they are from then on
        byte[] stored = jdbc.sql("SELECT access_token FROM integration_credential WHERE workspace_id = ? AND name = ?")
                .params(ws.id(), "slack").query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(newToken);
        String later = "#later-" + unique;
        assertThat(outcome(send(later))).isInstanceOf(NotificationDelivered.class);
        assertThat(world.requests(POST_MESSAGE, later).get(0).header("Authorization")).isEqualTo("Bearer " + newToken);
        assertThat(world.requests(TOKEN_ENDPOINT, "xoxe-2-" + unique)).as("not refreshed again").isEmpty();
        assertThat(slackOnceItIs("connected").path("error").isNull()).isTrue();
    }

    @Test
    void aRefreshTheProviderRefusesPutsSlackInErrorAndFailsTheDeliveryWithoutRetrying() throws Exception {
        String refreshToken = "xoxe-revoked-" + unique;
        connectSlackExpiringSoon(refreshToken);
        world.script(TOKEN_ENDPOINT, refreshToken, Reply.json(200, "{\"ok\": false, \"error\": \"invalid_refresh_token\"}"));

        NotificationFailed failed = (NotificationFailed) outcome(send("#refused-" + unique));

        assertThat(failed.reason()).isEqualTo("integration_not_connected");
        assertThat(failed.detail()).contains("token_refresh_failed").contains("invalid_refresh_token");
        assertThat(failed.attempts()).isEqualTo(1);
        JsonNode slack = slackOnceItIs("error");
        assertThat(slack.path("error").asText()).isEqualTo("token_refresh_failed");
        assertThat(slack.path("connected_at").isNull()).as("its tokens are gone").isTrue();
        assertThat(storedCredentials()).isZero();
        assertThat(world.requests(POST_MESSAGE, "#refused-" + unique)).isEmpty();

        NotificationFailed next = (NotificationFailed) outcome(send("#after-" + unique));
        assertThat(next.reason()).isEqualTo("integration_not_connected");
        assertThat(world.requests(TOKEN_ENDPOINT, refreshToken)).as("asked once").hasSize(1);

        // connecting again mends it
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxb-again-" + unique).status()).isEqualTo(200);
        assertThat(slackOnceItIs("connected").path("error").isNull()).isTrue();
    }

    @Test
    void anExpiredTokenWithoutRefreshTokenPutsSlackInError() throws Exception {
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxb-short-" + unique, null, 30).status())
                .isEqualTo(200);

        NotificationFailed failed = (NotificationFailed) outcome(send("#short-" + unique));

        assertThat(failed.reason()).isEqualTo("integration_not_connected");
        assertThat(slackOnceItIs("error").path("error").asText()).isEqualTo("token_expired");
    }

    @Test
    void aProviderThatIsDownOnlyDelaysTheDelivery() throws Exception {
        String refreshToken = "xoxe-flaky-" + unique;
        connectSlackExpiringSoon(refreshToken);
        world.script(TOKEN_ENDPOINT, refreshToken, Reply.json(503, "{}"),
                Reply.json(200, grant("xoxe.xoxb-after-" + unique, "xoxe-3-" + unique)));

        NotificationDelivered delivered = (NotificationDelivered) outcome(send("#flaky-" + unique));

        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(world.requests(TOKEN_ENDPOINT, refreshToken)).hasSize(2);
        assertThat(slackOnceItIs("connected").path("error").isNull()).isTrue();
    }

    @Test
    void aTokenSlackReportsRevokedPutsSlackInError() throws Exception {
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", "xoxb-revoked-" + unique).status()).isEqualTo(200);
        String channel = "#revoked-" + unique;
        world.script(POST_MESSAGE, channel, Reply.json(200, "{\"ok\": false, \"error\": \"token_revoked\"}"));

        NotificationFailed failed = (NotificationFailed) outcome(send(channel));

        assertThat(failed.reason()).isEqualTo("target_rejected");
        assertThat(failed.detail()).isEqualTo("token_revoked");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(slackOnceItIs("error").path("error").asText()).isEqualTo("token_revoked");
        assertThat(storedCredentials()).isZero();
    }
}
