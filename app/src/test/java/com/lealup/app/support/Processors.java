package com.lealup.app.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Waiting for the asynchronous side to finish, so that a test can assert that something did <em>not</em> happen:
 * every running streaming processor (projections and policies) has handled every event in the store, including
 * the events its own handling caused (policies send their commands with {@code sendAndWait}, so those events are
 * in the store before the policy's token moves on), and the playbook runs queued for their actions are done.
 */
public final class Processors {

    private Processors() {
    }

    public static void awaitCaughtUp(EventProcessingConfiguration processing, EventStore store, JdbcClient jdbc) {
        await("every event processor at the head of the event store")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> caughtUp(processing, store, jdbc));
    }

    private static boolean caughtUp(EventProcessingConfiguration processing, EventStore store, JdbcClient jdbc) {
        long head = position(store.createHeadToken());
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList()) {
            if (processor.isRunning() && !covers(processor, head)) {
                return false;
            }
        }
        // every run queued by the events up to the head done (its actions' events appended, which the head shows)
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM playbook_run_queue)").query(Boolean.class).single()) {
            return false;
        }
        // nothing appended while we looked: no handler is still causing events
        return head == position(store.createHeadToken());
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /**
     * Positions, not {@link TrackingToken#covers}: the store's global index has gaps (its sequence hands out blocks
     * of 50), which a processor's token keeps a while and the head token does not have.
     */
    private static boolean covers(StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return false;
        }
        for (EventTrackerStatus status : segments.values()) {
            if (status.isErrorState() || status.getCurrentPosition().orElse(-1) < head) {
                return false;
            }
        }
        return true;
    }
}
