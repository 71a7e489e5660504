package com.lealup.app.e2e;

import static com.lealup.app.e2e.PackagedServer.OPERATOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.webhook.StandardWebhooksVerifier;
import com.lealup.app.webhook.WebhookReceiver;
import com.lealup.app.webhook.WebhookReceiver.Received;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * kill -9 of the packaged server while it delivers webhooks: after the restart every event acknowledged before the
 * kill reaches the receiver, in order, and a message received twice carries the same {@code webhook-id} both times.
 */
class WebhookDeliveryKillIT {

    private static final int CUSTOMERS = 60;

    private final List<PackagedServer> servers = new ArrayList<>();
    private Path dataDir;

    @Test
    void aKillDuringDeliveryLosesNothingAndDuplicatesKeepTheirId() throws Exception {
        Path workDir = Path.of("target", "e2e", "webhookKill").toAbsolutePath();
        FileSystemUtils.deleteRecursively(workDir.toFile());
        dataDir = Files.createDirectories(workDir).resolve("data");
        // a short lease, so that the restarted server takes up the queue the dead one held within seconds
        Map<String, String> env = Map.of("LEALUP_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1", "LEALUP_WEBHOOK_LEASE", "5s",
                "LEALUP_WEBHOOK_POLL_INTERVAL", "100ms");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answerAfter(Duration.ofMillis(100));
            PackagedServer first = start(workDir, "1-deliveries", env);
            Workspace workspace = first.http().createWorkspace(OPERATOR_TOKEN, "enterprise");
            Response subscribed = first.http().post("/v1/webhook-subscriptions").token(workspace.token())
                    .json(Map.of("url", receiver.url(), "events", List.of("customer.created"))).send();
            assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
            StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(subscribed.json().path("secret").asText());

            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                Response created = first.http().post("/v1/customers").token(workspace.token())
                        .json(Map.of("name", "Kill " + i, "email_domain", "kill-" + i + ".com")).send();
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                acknowledged.add(created.json().path("id").asText());
            }
            // some delivered, the rest queued or in flight
            receiver.await(10, Duration.ofSeconds(60));
            first.kill();
            int beforeKill = receiver.received().size();
            assertThat(beforeKill).as("the kill came during delivery").isLessThan(CUSTOMERS);

            start(workDir, "2-after-kill", env);
            receiver.answerAfter(Duration.ZERO);
            receiver.await(CUSTOMERS, r -> true, Duration.ofSeconds(120));
            awaitEvery(receiver, acknowledged);

            Map<String, String> idOfCustomer = new LinkedHashMap<>();
            for (Received message : receiver.received()) {
                assertThat(verifier.verify(message.body(), message.headers(), Instant.now())).isTrue();
                String customer = message.json().path("data").path("customer_id").asText();
                String previous = idOfCustomer.putIfAbsent(customer, message.header("webhook-id"));
                assertThat(previous == null || previous.equals(message.header("webhook-id")))
                        .as("a duplicate of " + customer + " keeps its webhook-id").isTrue();
            }
            assertThat(new ArrayList<>(idOfCustomer.keySet())).as("first receipts in the order of creation")
                    .containsExactlyElementsOf(acknowledged);
            System.out.printf("webhook kill -9: %d received before the kill, %d in all for %d events (%d duplicates)%n",
                    beforeKill, receiver.received().size(), CUSTOMERS, receiver.received().size() - CUSTOMERS);
        }
    }

    private static void awaitEvery(WebhookReceiver receiver, List<String> customers) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            List<String> got = receiver.received().stream()
                    .map(r -> r.json().path("data").path("customer_id").asText()).toList();
            if (got.containsAll(customers)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Not every acknowledged customer was delivered");
    }

    private PackagedServer start(Path workDir, String name, Map<String, String> env) throws IOException {
        PackagedServer server = PackagedServer.start(dataDir, workDir.resolve(name + ".log"), env);
        servers.add(server);
        return server;
    }

    @AfterEach
    void stopEverything() throws Exception {
        PackagedServer.stopEverything(servers, dataDir == null ? List.of() : List.of(dataDir));
    }

}
