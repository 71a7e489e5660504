package com.lealup.app.deadletters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The segments of this node's processors that keep one position while the event store holds later events. A
 * processor thread blocked for good (a read on a connection that another thread's failure left broken) is neither in
 * error nor stopped, and would read as running and live for ever. A segment has stalled when its position has not
 * moved for {@code lealup.processors.stall-after} (2 minutes: far beyond any batch) while the store's head is past
 * it. Told at each look (a health probe, the projections API): the first look at a still segment starts its clock.
 * With Axon Server none is told: it sends a processor only the types of events it handles, so a processor's position
 * rests below the head whenever the latest events are of other types.
 */
@Component
public class StalledSegments {

    private final Map<String, Still> still = new ConcurrentHashMap<>();
    private final long stallNanos;
    private final LongSupplier nanoTime;
    private final boolean skippingStreams;

    @Autowired
    StalledSegments(@Value("${lealup.processors.stall-after:PT2M}") Duration stallAfter,
                    @Value("${axon.axonserver.enabled:false}") boolean axonServer) {
        this(stallAfter, System::nanoTime, axonServer);
    }

    StalledSegments(Duration stallAfter, LongSupplier nanoTime, boolean skippingStreams) {
        this.stallNanos = stallAfter.toNanos();
        this.nanoTime = nanoTime;
        this.skippingStreams = skippingStreams;
    }

    /** Whether a segment of {@code group}'s processor on this node has stalled below {@code head}. */
    public boolean stalled(String group, StreamingEventProcessor processor, long head) {
        if (skippingStreams) {
            return false;
        }
        long now = nanoTime.getAsLong();
        boolean stalled = false;
        for (Map.Entry<Integer, EventTrackerStatus> segment : processor.processingStatus().entrySet()) {
            long position = segment.getValue().getCurrentPosition().orElse(-1);
            stalled |= stalled(group + "/" + segment.getKey(), position, head, now);
        }
        return stalled;
    }

    boolean stalled(String segment, long position, long head, long now) {
        if (position >= head) {
            still.remove(segment);
            return false;
        }
        Still since = still.compute(segment, (key, seen) -> seen == null || seen.position() != position
                ? new Still(position, now) : seen);
        return now - since.since() > stallNanos;
    }

    private record Still(long position, long since) {
    }
}
