package com.lealup.app.projections;

import com.lealup.app.deadletters.ProcessingGroups;
import com.lealup.http.support.ProcessingCatchUp;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link ProcessingCatchUp} over the token store: a group has caught up when the token of each of its segments has
 * come to the event store's head as it was at the call, and none of them still misses an event the store holds. A
 * gap of a {@link GapAwareTrackingToken} is an index the processor read past before its event committed, or one that
 * never will (a rolled-back append leaves one for up to the gap timeout); only the first kind is waited for, so the
 * store is asked which gaps hold events. With Axon Server's tokens, which have no gaps, the head is compared alone.
 */
@Component
class TokenStoreCatchUp implements ProcessingCatchUp {

    private static final Logger log = LoggerFactory.getLogger(TokenStoreCatchUp.class);
    private static final long FIRST_POLL_MILLIS = 10;
    private static final long LONGEST_POLL_MILLIS = 100;

    private final ProjectionMonitor monitor;
    private final ProcessingGroups groups;
    private final EventStore store;
    private final JdbcClient jdbc;
    private final Duration timeout;

    TokenStoreCatchUp(ProjectionMonitor monitor, ProcessingGroups groups, EventStore store, JdbcClient jdbc,
                      @Value("${lealup.http.read-your-writes-timeout:5s}") Duration timeout) {
        this.monitor = monitor;
        this.groups = groups;
        this.store = store;
        this.jdbc = jdbc;
        this.timeout = timeout;
    }

    @Override
    public void await(String processingGroup) {
        await(List.of(processingGroup));
    }

    @Override
    public void awaitEveryGroup() {
        await(groups.names());
    }

    private void await(Collection<String> processingGroups) {
        TrackingToken head = store.createHeadToken();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long pause = FIRST_POLL_MILLIS; !caughtUp(processingGroups, head);
             pause = Math.min(2 * pause, LONGEST_POLL_MILLIS)) {
            if (System.nanoTime() - deadline >= 0) {
                log.warn("{} have not all handled the events stored {} ago: going on with what they hold",
                        processingGroups.size() == 1 ? processingGroups : "the processing groups", timeout);
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + processingGroups, e);
            }
        }
    }

    /** Whether every segment of each group has handled every event the store held at {@code head}. */
    boolean caughtUp(Collection<String> processingGroups, TrackingToken head) {
        if (head == null) {
            return true;
        }
        Map<String, List<TrackingToken>> tokens = monitor.tokens(processingGroups);
        if (!tokens.keySet().containsAll(processingGroups)) {
            return false;
        }
        SortedSet<Long> missed = new TreeSet<>();
        for (TrackingToken token : tokens.values().stream().flatMap(List::stream).toList()) {
            TrackingToken at = token == null ? null : ProjectionMonitor.current(token);
            if (at instanceof GapAwareTrackingToken gapAware && head instanceof GapAwareTrackingToken stored) {
                if (gapAware.getIndex() < stored.getIndex()) {
                    return false;
                }
                missed.addAll(gapAware.getGaps().headSet(stored.getIndex() + 1));
            } else if (at == null || !at.covers(head)) {
                return false;
            }
        }
        return missed.isEmpty()
                || jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE global_index IN (:missed)")
                        .param("missed", missed).query(Long.class).single() == 0;
    }
}
