package com.lealup.app.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Waiting for the asynchronous side to finish, so that a test can assert that something did <em>not</em> happen:
 * every running streaming processor (projections and policies) has handled every event in the store, including
 * the events its own handling caused (policies send their commands with {@code sendAndWait}, so those events are
 * in the store before the policy's token moves on).
 */
public final class Processors {

    private Processors() {
    }

    public static void awaitCaughtUp(EventProcessingConfiguration processing, EventStore store) {
        await("every event processor at the head of the event store")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> caughtUp(processing, store));
    }

    private static boolean caughtUp(EventProcessingConfiguration processing, EventStore store) {
        long head = position(store.createHeadToken());
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList()) {
            if (processor.isRunning() && !covers(processor, head)) {
                return false;
            }
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
