package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.webhook.WebhookReceiver;
import com.lealup.app.webhook.WebhookReceiver.Received;
import com.lealup.write.webhook.WebhookSecretsPort;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Two nodes working the same queues: a second dispatcher, as another node would run it on the same database, polls
 * beside the server's own. Each subscription's messages still arrive once each and in order: a queue is worked by
 * one node at a time (SKIP LOCKED, then the lease), and the nodes share the subscriptions between them.
 */
class TwoNodeDeliveryTest extends ApiTest {

    @Autowired
    WebhookOutbox outbox;
    @Autowired
    WebhookSender sender;
    @Autowired
    WebhookSecretsPort secrets;
    @Autowired
    WebhookDeliverySettings settings;
    @Autowired
    CommandGateway commandGateway;
    @Autowired
    Clock serverClock;

    @Value("${lealup.webhooks.delivery.request-timeout}")
    Duration requestTimeout;

    @Test
    void eachQueueIsWorkedByOneNodeAtATimeInOrder() throws Exception {
        Workspace ws = newWorkspace();
        List<WebhookReceiver> receivers = List.of(new WebhookReceiver(), new WebhookReceiver(), new WebhookReceiver());
        WebhookDispatcher otherNode = new WebhookDispatcher(outbox, sender, secrets, settings, commandGateway,
                serverClock, requestTimeout);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (running.get()) {
                otherNode.dispatch();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            for (WebhookReceiver receiver : receivers) {
                receiver.answerAfter(Duration.ofMillis(5));
                Response subscribed = http().post("/v1/webhook-subscriptions").token(ws.token())
                        .json(Map.of("url", receiver.url(), "events", List.of("customer.created"))).send();
                assertThat(subscribed.status()).isEqualTo(201);
            }
            poller.start();
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Response created = http().post("/v1/customers").token(ws.token())
                        .json(Map.of("name", "Node " + i, "email_domain", "node-" + i + "-" + System.nanoTime() + ".com"))
                        .send();
                assertThat(created.status()).isEqualTo(201);
                customers.add(created.json().path("id").asText());
            }
            for (WebhookReceiver receiver : receivers) {
                List<Received> received = receiver.await(customers.size(), Duration.ofSeconds(30));
                assertThat(received).extracting(r -> r.json().path("data").path("customer_id").asText())
                        .containsExactlyElementsOf(customers);
            }
            awaitProcessorsCaughtUp();
            Thread.sleep(300);
            for (WebhookReceiver receiver : receivers) {
                assertThat(receiver.received()).as("no message twice").hasSize(customers.size());
            }
        } finally {
            running.set(false);
            poller.join(5_000);
            otherNode.stop();
            receivers.forEach(WebhookReceiver::close);
        }
    }
}
