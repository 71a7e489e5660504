package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A real processor thread blocked with no error (here on a lock another transaction holds, as on a connection left
 * broken) is told stalled by {@link StalledSegments}, and is told running again once it moves: the unit test's
 * controlled clock, checked against a live processor. The delay is short here; the server's is 2 minutes.
 */
class StalledProcessorTest extends ApiTest {

    private static final Duration STALL_AFTER = Duration.ofMillis(300);

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private EventStore store;

    @Autowired
    private DataSource dataSource;

    @Test
    void aProcessorBlockedBelowTheHeadHasStalledUntilItMovesAgain() throws Exception {
        Workspace ws = newWorkspace();
        String customer = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Acme", "email_domain", "acme.com")).send().json().path("id").asText();
        awaitProcessorsCaughtUp();
        StreamingEventProcessor tasks = processing.eventProcessor("tasks", StreamingEventProcessor.class).orElseThrow();
        StalledSegments stalls = new StalledSegments(STALL_AFTER, System::nanoTime, false);
        CompletableFuture<Response> created;
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute("LOCK TABLE task_view IN ACCESS EXCLUSIVE MODE");
            // read-your-writes: the answer waits for the projection, so it is sent aside
            created = CompletableFuture.supplyAsync(() -> http().post("/v1/tasks").token(ws.token())
                    .json(Map.of("customer_id", customer, "title", "Call champion")).send());
            long head = awaitHeadPast(tasks);
            assertThat(stalls.stalled("tasks", tasks, head)).as("the first look starts the clock").isFalse();
            Thread.sleep(STALL_AFTER.multipliedBy(2).toMillis());
            assertThat(stalls.stalled("tasks", tasks, head)).as("still below the head, no error").isTrue();
            assertThat(tasks.isError()).isFalse();
            lock.rollback();
        }
        assertThat(created.get().status()).as("the write is answered once the projection moves").isEqualTo(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !stalls.stalled("tasks", tasks, position(store.createHeadToken())));
    }

    /** The head once the store holds an event past the tasks processor's position (the blocked task). */
    private long awaitHeadPast(StreamingEventProcessor tasks) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> position(store.createHeadToken()),
                head -> tasks.processingStatus().values().stream()
                        .anyMatch(status -> status.getCurrentPosition().orElse(-1) < head));
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
