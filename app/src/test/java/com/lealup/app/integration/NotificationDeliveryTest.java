package com.lealup.app.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.notification.SendNotification;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.FakeOutsideWorld;
import com.lealup.app.support.FakeOutsideWorld.Reply;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Notifications as the playbook engine sends them (SendNotification on the command bus), delivered to a fake
 * Slack and a local webhook receiver; outcomes read from the notification's events.
 */
class NotificationDeliveryTest extends ApiTest {

    private static final String POST_MESSAGE = "/api/chat.postMessage";
    private static final NotificationSource SOURCE = new NotificationSource("pbk_1", "run_1", 1);

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    EventStore eventStore;

    private Workspace ws;
    private final FakeOutsideWorld world = FakeOutsideWorld.get();

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    private String connectSlack() {
        String botToken = "xoxb-" + System.nanoTime();
        assertThat(OAuthCalls.connect(http(), ws.token(), "slack", botToken).status()).isEqualTo(200);
        return botToken;
    }

    private String send(String channel, String target, String text, Map<String, Object> data) {
        String id = Ids.next(Ids.NOTIFICATION);
        commandGateway.sendAndWait(new SendNotification(id, ws.id(), channel, target, text, data, SOURCE, null),
                MetaData.with(MetadataKeys.WORKSPACE_ID, ws.id()).and(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                        .and(MetadataKeys.ACTOR_ID, "test").and(MetadataKeys.TRACE_ID, Ids.ulid()));
        return id;
    }

    /** The notification's final event, waiting for it. */
    private Object outcome(String notificationId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            List<Object> events = events(notificationId);
            Object last = events.get(events.size() - 1);
            if (last instanceof NotificationDelivered || last instanceof NotificationFailed) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No outcome for " + notificationId + ": " + events(notificationId));
    }

    private List<Object> events(String notificationId) {
        return eventStore.readEvents(notificationId).asStream().map(e -> (Object) e.getPayload()).toList();
    }

    @Test
    void postsToSlackWithTheWorkspacesBotToken() throws Exception {
        String botToken = connectSlack();
        String channel = "#cs-alerts-" + System.nanoTime();

        String id = send("slack", channel, "Acme dropped to at_risk", Map.of("customer_id", "cus_1"));

        NotificationDelivered delivered = (NotificationDelivered) outcome(id);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.source()).isEqualTo(SOURCE);
        FakeOutsideWorld.Request post = world.requests(POST_MESSAGE, channel).get(0);
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + botToken);
        JsonNode body = HttpClientSupport.JSON.readTree(post.body());
        assertThat(body.path("channel").asText()).isEqualTo(channel);
        assertThat(body.path("text").asText()).isEqualTo("Acme dropped to at_risk");
    }

    @Test
    void notInChannelIsAPermanentFailure() throws Exception {
        connectSlack();
        String channel = "#private-" + System.nanoTime();
        world.script(POST_MESSAGE, channel, Reply.json(200, "{\"ok\": false, \"error\": \"not_in_channel\"}"));

        NotificationFailed failed = (NotificationFailed) outcome(send("slack", channel, "hello", Map.of()));

        assertThat(failed.reason()).isEqualTo("target_rejected");
        assertThat(failed.detail()).isEqualTo("not_in_channel");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(world.requests(POST_MESSAGE, channel)).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedWithBackoffUntilItSucceeds() throws Exception {
        connectSlack();
        String channel = "#flaky-" + System.nanoTime();
        world.script(POST_MESSAGE, channel, Reply.json(500, "{}"),
                new Reply(429, "{}", Map.of("Retry-After", "1")));

        String id = send("slack", channel, "hello", Map.of());
        NotificationDelivered delivered = (NotificationDelivered) outcome(id);

        assertThat(delivered.attempts()).isEqualTo(3);
        List<NotificationRetryScheduled> retries = events(id).stream()
                .filter(NotificationRetryScheduled.class::isInstance).map(NotificationRetryScheduled.class::cast).toList();
        assertThat(retries).extracting(NotificationRetryScheduled::reason).containsExactly("target_unavailable",
                "target_unavailable");
        assertThat(Duration.between(retries.get(1).failedAt(), retries.get(1).retryAt()))
                .as("Retry-After honoured").isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
        List<FakeOutsideWorld.Request> posts = world.requests(POST_MESSAGE, channel);
        assertThat(posts).hasSize(3);
    }

    @Test
    void retriesAreBoundedByMaxAttempts() throws Exception {
        connectSlack();
        String channel = "#down-" + System.nanoTime();
        world.script(POST_MESSAGE, channel, Reply.json(503, "{}"), Reply.json(503, "{}"), Reply.json(503, "{}"),
                Reply.json(503, "{}"), Reply.json(200, "{\"ok\": true}"));

        NotificationFailed failed = (NotificationFailed) outcome(send("slack", channel, "hello", Map.of()));

        assertThat(failed.reason()).isEqualTo("retries_exhausted");
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(world.requests(POST_MESSAGE, channel)).hasSize(4);
    }

    /**
     * A target asking to be retried after max-total (24 h) gives up at once, whatever it asks: 2^63 - 1 seconds
     * overflowed the retry time, so the attempt was never recorded and the target was called again every lease.
     */
    @Test
    void aRetryAfterPastTheDeadlineExhaustsTheRetries() throws Exception {
        for (String wish : List.of("86401", Long.toString(Long.MAX_VALUE))) {
            String path = "/busy/" + System.nanoTime();
            world.script(path, "", new Reply(503, "{}", Map.of("Retry-After", wish)));

            NotificationFailed failed = (NotificationFailed) outcome(send("webhook", world.url() + path, "x", Map.of()));

            assertThat(failed.reason()).as(wish).isEqualTo("retries_exhausted");
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(world.requests(path, "")).hasSize(1);
        }
    }

    @Test
    void withoutSlackItFailsAtOnceAsNotConnected() throws Exception {
        String channel = "#nobody-" + System.nanoTime();

        NotificationFailed failed = (NotificationFailed) outcome(send("slack", channel, "hello", Map.of()));

        assertThat(failed.reason()).isEqualTo("integration_not_connected");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(world.requests(POST_MESSAGE, channel)).isEmpty();
    }

    @Test
    void aFailingSlackDoesNotHoldBackOtherNotifications() throws Exception {
        connectSlack();
        String stuck = "#stuck-" + System.nanoTime();
        world.script(POST_MESSAGE, stuck, Reply.json(500, "{}"), Reply.json(500, "{}"), Reply.json(500, "{}"),
                Reply.json(500, "{}"));
        String stuckId = send("slack", stuck, "hello", Map.of());
        String hook = "/hooks/" + System.nanoTime();

        Object other = outcome(send("webhook", world.url() + hook, "meanwhile", Map.of()));

        assertThat(other).isInstanceOf(NotificationDelivered.class);
        assertThat(outcome(stuckId)).isInstanceOf(NotificationFailed.class);
    }

    @Test
    void postsASignedWebhookThatTheReceiverCanVerify() throws Exception {
        String path = "/hooks/" + System.nanoTime();
        String id = send("webhook", world.url() + path, "Acme dropped", Map.of("customer_id", "cus_1", "score", 41));

        assertThat(outcome(id)).isInstanceOf(NotificationDelivered.class);

        FakeOutsideWorld.Request delivery = world.requests(path, "").get(0);
        String secret = http().get("/v1/integrations/notification-signing-secret").token(ws.token()).send().json()
                .path("secret").asText();
        String timestamp = delivery.header("webhook-timestamp");
        assertThat(delivery.header("webhook-id")).isEqualTo(id);
        assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(60);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(delivery.header("webhook-signature")).isEqualTo(expected);

        JsonNode payload = HttpClientSupport.JSON.readTree(delivery.body());
        assertThat(payload.path("id").asText()).isEqualTo(id);
        assertThat(payload.path("type").asText()).isEqualTo("playbook.notification");
        assertThat(payload.path("workspace_id").asText()).isEqualTo(ws.id());
        // to the microsecond, as every time of the API (a whole second only once in a million)
        assertThat(payload.path("created_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(\\d{3})?Z");
        assertThat(payload.path("data").path("score").asInt()).isEqualTo(41);
        assertThat(payload.path("data").path("text").asText()).isEqualTo("Acme dropped");
    }

    @Test
    void aWebhookToAnInternalAddressIsRefused() throws Exception {
        NotificationFailed failed = (NotificationFailed) outcome(send("webhook", "http://10.1.2.3/hook", null, Map.of()));

        assertThat(failed.reason()).isEqualTo("target_not_allowed");
        NotificationFailed notUrl = (NotificationFailed) outcome(send("webhook", "ftp://example.com/x", null, Map.of()));
        assertThat(notUrl.reason()).isEqualTo("invalid_target");
        // stored before such targets were refused: HttpClient never sends credentials, so no attempt is retried
        NotificationFailed credentials = (NotificationFailed) outcome(send("webhook", "http://u:p@127.0.0.1/x", null,
                Map.of()));
        assertThat(credentials.reason()).isEqualTo("invalid_target");
    }

    @Test
    void aWebhookAnswering410FailsAtOnce() throws Exception {
        String path = "/gone/" + System.nanoTime();
        world.script(path, "", Reply.json(410, "{}"));

        NotificationFailed failed = (NotificationFailed) outcome(send("webhook", world.url() + path, "x", Map.of()));

        assertThat(failed.reason()).isEqualTo("target_rejected");
        assertThat(failed.detail()).contains("410");
    }
}
