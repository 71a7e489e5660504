package com.lealup.app.support;

import com.lealup.app.LealUpApplication;
import com.lealup.testing.TestClock;
import java.nio.file.Path;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Base of the API tests: the whole server on a random port, over real HTTP, on a real (embedded, not
 * fsynced) PostgreSQL. Every API test class shares one server (same configuration, one Spring context),
 * so each test makes its own workspace with {@link #newWorkspace()} and never depends on others' data.
 */
@SpringBootTest(classes = LealUpApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "lealup.data-dir=target/test-data",
                "lealup.db.embedded.durable=false",
                "lealup.operator-token=" + ApiTest.OPERATOR_TOKEN,
                "lealup.bootstrap-token=" + ApiTest.BOOTSTRAP_TOKEN,
                "lealup.webhooks.allowed-hosts=localhost,127.0.0.1",
                "lealup.notifications.delivery.poll-interval=50ms",
                "lealup.notifications.delivery.initial-backoff=100ms",
                "lealup.notifications.delivery.max-backoff=1s",
                "lealup.notifications.delivery.max-attempts=4",
                "lealup.notifications.delivery.request-timeout=3s",
                "lealup.webhooks.delivery.poll-interval=50ms",
                "lealup.webhooks.delivery.initial-backoff=100ms",
                "lealup.webhooks.delivery.max-backoff=1s",
                "lealup.webhooks.delivery.request-timeout=3s",
                // a failing import chunk is tried again after 100, 200, 400, 800 ms (ImportJobFailureApiTest)
                "lealup.bulk-import.retry-delay=100ms",
                // a replay of a few dozen events runs in several pages (WebhookSubscriptionsApiTest)
                "lealup.webhooks.replay.page=10",
                "lealup.webhooks.replay.backlog=10",
                // every test calls from one address, and many expect 401s (LimitsAndFailuresApiTest tests the limit)
                "lealup.rate-limits.classes.auth-failures.limit=100000",
                "lealup.http.cors-allowed-origins=" + ApiTest.CORS_ORIGIN + ", https://admin.example.test",
        })
@Import(TestClockConfiguration.class)
// /actuator/prometheus as in production (Spring Boot tests turn metrics export off otherwise): ObservabilityApiTest
@AutoConfigureObservability(tracing = false)
public abstract class ApiTest {

    public static final String OPERATOR_TOKEN = "op_test_operator_token";
    public static final String BOOTSTRAP_TOKEN = "lk_test_bootstrap_token_0123456789";
    /** A browser origin allowed by CORS (HttpConventionsApiTest) */
    public static final String CORS_ORIGIN = "https://app.example.test";

    static {
        FileSystemUtils.deleteRecursively(Path.of("target/test-data").toFile());
    }

    /** Slack and the OAuth providers live in {@link FakeOutsideWorld}; zendesk stays unconfigured. */
    @DynamicPropertySource
    static void outsideWorld(DynamicPropertyRegistry registry) {
        String fake = FakeOutsideWorld.get().url();
        registry.add("lealup.integrations.slack.api-base-url", () -> fake);
        for (String provider : new String[] {"slack", "hubspot"}) {
            String prefix = "lealup.integrations.providers." + provider + ".";
            registry.add(prefix + "authorize-url", () -> fake + "/oauth/" + provider + "/authorize");
            registry.add(prefix + "token-url", () -> fake + "/oauth/" + provider + "/token");
            registry.add(prefix + "client-id", () -> provider + "-client");
            registry.add(prefix + "client-secret", () -> provider + "-secret");
            registry.add(prefix + "scopes", () -> "chat:write");
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestClock clock;

    @Autowired
    private EventProcessingConfiguration eventProcessing;

    @Autowired
    private EventStore eventStore;

    @Autowired
    private JdbcClient jdbc;

    /** Waits until every event processor has handled every event; then "nothing else happened" can be asserted. */
    protected void awaitProcessorsCaughtUp() {
        Processors.awaitCaughtUp(eventProcessing, eventStore, jdbc);
    }

    protected HttpClientSupport http() {
        return new HttpClientSupport("http://localhost:" + port);
    }

    /** A fresh workspace with its first admin key (all scopes), made through the operator API. */
    protected HttpClientSupport.Workspace newWorkspace() {
        return http().createWorkspace(OPERATOR_TOKEN, "growth");
    }
}
