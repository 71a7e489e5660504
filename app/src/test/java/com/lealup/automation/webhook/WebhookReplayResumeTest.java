package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.webhook.WebhookReceiver;
import com.lealup.app.webhook.WebhookReceiver.Received;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A replay whose node died after committing some pages: its row is left with a cursor and an expired lease. The
 * server's replayer takes it up and queues exactly the events after the cursor, in order, each once.
 */
class WebhookReplayResumeTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock serverClock;

    @Test
    void aReplayLeftByADeadNodeResumesAfterItsLastPage() {
        Workspace ws = newWorkspace();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Instant since = serverClock.instant().minusSeconds(1);
            Response subscribed = http().post("/v1/webhook-subscriptions").token(ws.token())
                    .json(Map.of("url", receiver.url(), "events", List.of("customer.created"))).send();
            assertThat(subscribed.status()).isEqualTo(201);
            String subscription = subscribed.json().path("id").asText();
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                Response created = http().post("/v1/customers").token(ws.token())
                        .json(Map.of("name", "Resume " + i, "email_domain", "resume-" + i + "-" + System.nanoTime()
                                + ".com")).send();
                assertThat(created.status()).isEqualTo(201);
                customers.add(created.json().path("id").asText());
            }
            receiver.await(customers.size(), Duration.ofSeconds(30));

            // the dead node had queued the first ten (its committed pages) and read up to the tenth's position
            long cursor = position(customers.get(9));
            long end = position(customers.get(customers.size() - 1));
            jdbc.sql("""
                            INSERT INTO webhook_replay (subscription_id, workspace_id, since, end_position,
                                cursor_position, requested_at, leased_until)
                            VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(subscription, ws.id(), Timestamp.from(since), end, cursor,
                            Timestamp.from(serverClock.instant()), Timestamp.from(serverClock.instant().minusSeconds(1)))
                    .update();

            List<Received> replayed = receiver.await(15, r -> "true".equals(r.header("webhook-replay")),
                    Duration.ofSeconds(60));
            assertThat(replayed).extracting(r -> r.json().path("data").path("customer_id").asText())
                    .containsExactlyElementsOf(customers.subList(10, customers.size()));
            // done (its last page deleted it), and each event queued once
            assertThat(jdbc.sql("SELECT count(*) FROM webhook_replay WHERE subscription_id = ?").param(subscription)
                    .query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ? AND replay")
                    .param(subscription).query(Integer.class).single()).isEqualTo(15);
        }
    }

    /** The position in the event store of the customer's creation. */
    private long position(String customerId) {
        return jdbc.sql("SELECT min(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(customerId).query(Long.class).single();
    }
}
