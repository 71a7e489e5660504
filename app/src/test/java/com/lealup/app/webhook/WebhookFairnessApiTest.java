package com.lealup.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Fairness between workspaces (docs/webhooks.md): one workspace's slow receivers hold back no other workspace's
 * deliveries. Sixteen subscriptions whose receivers take 1.5 s to answer are four rounds of the node's four workers;
 * the other workspace's event, queued during the first round, goes out at the first worker freed, rounds before the
 * slow workspace's last ones.
 */
class WebhookFairnessApiTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aWorkspacesSlowReceiversHoldBackNoOtherWorkspace() {
        Workspace slow = newWorkspace();
        Workspace prompt = newWorkspace();
        List<WebhookReceiver> slowReceivers = IntStream.range(0, 16).mapToObj(i -> new WebhookReceiver()).toList();
        try (WebhookReceiver promptReceiver = new WebhookReceiver()) {
            for (WebhookReceiver receiver : slowReceivers) {
                receiver.answerAfter(Duration.ofMillis(1_500));
                subscribe(slow, receiver.url());
            }
            subscribe(prompt, promptReceiver.url());

            createCustomer(slow);
            // the slow workspace's deliveries are queued, the oldest subscription's already being worked
            slowReceivers.get(0).await(1, WAIT);
            createCustomer(prompt);

            Instant promptDelivered = promptReceiver.await(1, WAIT).get(0).at();
            Instant lastSlowSent = slowReceivers.stream().map(receiver -> receiver.await(1, WAIT).get(0).at())
                    .max(Comparator.naturalOrder()).orElseThrow();
            assertThat(promptDelivered).as("the other workspace's delivery, before the slow one's last round")
                    .isBefore(lastSlowSent);
        } finally {
            slowReceivers.forEach(WebhookReceiver::close);
        }
    }

    private void subscribe(Workspace workspace, String url) {
        Response subscribed = http().post("/v1/webhook-subscriptions").token(workspace.token())
                .json(Map.of("url", url, "events", List.of("customer.created"))).send();
        assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
    }

    private void createCustomer(Workspace workspace) {
        Response created = http().post("/v1/customers").token(workspace.token())
                .json(Map.of("name", "Fair", "email_domain", "fair-" + System.nanoTime() + ".com")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
}
