package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.automation.webhook.WebhookReplays.Replay;
import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A replay worker's slice, on the real tables and an event store in memory: pages of two events, and a slice that is
 * over after every page, so a worker asks after each page whether a workspace holding fewer replays waits.
 */
class WebhookReplayerTest {

    /** Long before the other tests' times, so that only this test's replays are claimable. */
    private static final Instant START = Instant.parse("2003-01-01T00:00:00Z");
    private static final int PAGE = 2;
    private static final int BACKLOG = 100;

    private final TestClock clock = TestClock.fixedAt(START);
    private final EmbeddedEventStore store =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final WebhookReplays replays = new WebhookReplays(TestDatabase.jdbc());
    private final WebhookOutbox outbox = new WebhookOutbox(TestDatabase.jdbc(),
            new DataSourceTransactionManager(TestDatabase.dataSource()));
    private final WebhookDeliverySettings settings = new WebhookDeliverySettings(Duration.ofSeconds(5),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(5), Duration.ofMinutes(1), Duration.ZERO, 4, 100);
    private final WebhookReplayer replayer = new WebhookReplayer(replays, outbox, store,
            JacksonSerializer.builder().objectMapper(new ObjectMapper().findAndRegisterModules()).build(), settings,
            clock, new DataSourceTransactionManager(TestDatabase.dataSource()), PAGE, BACKLOG);
    private final Instant since = Instant.now().minusSeconds(60);
    private final List<String> subscriptions = new ArrayList<>();

    @BeforeEach
    void noOtherReplays() {
        TestDatabase.jdbc().sql("DELETE FROM webhook_replay").update();
    }

    @AfterEach
    void removeSubscriptions() {
        subscriptions.forEach(subscription -> {
            replays.forget(subscription);
            outbox.removeEndpoint(subscription);
        });
        replayer.stop();
        store.shutDown();
    }

    private static String workspace() {
        return "wsp_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A subscription to every event of a workspace of its own, and its replay of {@code events} deletions. */
    private String replayOf(int events) {
        return replayOf(workspace(), events);
    }

    /** A subscription of the workspace to every event, and its replay of {@code events} deletions. */
    private String replayOf(String workspaceId, int events) {
        String id = "whs_" + UUID.randomUUID().toString().replace("-", "");
        outbox.addEndpoint(id, workspaceId, "https://example.com/hook", List.of("*"), START);
        subscriptions.add(id);
        for (int i = 0; i < events; i++) {
            store.publish(new GenericEventMessage<>(new CustomerDeleted("cus_" + i, workspaceId, START,
                    START.plusSeconds(86_400)), Map.of(MetadataKeys.WORKSPACE_ID, workspaceId)));
        }
        long end = store.createHeadToken().position().orElseThrow();
        replays.request(id, workspaceId, since, end, START);
        return id;
    }

    private Replay claimOne() {
        Instant now = clock.instant();
        List<Replay> claimed = replays.claim(now, settings.leaseFrom(now), BACKLOG, 1);
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private List<String> queued(String subscription) {
        return outbox.pending(subscription, 100).stream().map(WebhookOutbox.Delivery::messageId).toList();
    }

    @Test
    void aLongReplayIsGivenBackAfterItsSliceWhenAnotherWorkspaceWaits() {
        String longOne = replayOf(6);
        Replay worked = claimOne();
        String waiting = replayOf(1);
        clock.advance(Duration.ofSeconds(1));

        replayer.work(worked);

        assertThat(queued(longOne)).as("one page, then given back: the other workspace waits").hasSize(PAGE);
        assertThat(claimOne().subscriptionId()).isEqualTo(waiting);
        Replay resumed = claimOne();
        assertThat(resumed.subscriptionId()).as("given back, claimable at once").isEqualTo(longOne);

        replayer.work(resumed);

        assertThat(queued(longOne)).as("resumed after its last page, nothing queued twice").hasSize(6)
                .doesNotHaveDuplicates();
    }

    @Test
    void aLoneWorkspaceKeepsItsWorkerPastItsSlice() {
        String alone = replayOf(6);

        replayer.work(claimOne());

        assertThat(queued(alone)).hasSize(6);
        assertThat(replays.claim(clock.instant(), settings.leaseFrom(clock.instant()), BACKLOG, 1)).as("done")
                .isEmpty();
    }

    @Test
    void aWorkspacesManyReplaysGiveWayToAnothersOne() {
        String busy = workspace();
        List<String> many = List.of(replayOf(busy, 1), replayOf(busy, 1), replayOf(busy, 1));
        String other = replayOf(1);

        assertThat(claimOne().subscriptionId()).as("the oldest asked").isEqualTo(many.get(0));
        assertThat(claimOne().subscriptionId()).as("the busy workspace holds one: the other's first")
                .isEqualTo(other);
        assertThat(claimOne().subscriptionId()).isEqualTo(many.get(1));
        assertThat(replays.anotherWorkspaceWaitsWithFewerLeases(busy, clock.instant(), BACKLOG))
                .as("none waits: its last replay is its own").isFalse();
    }
}
