package com.lealup.app.cluster;

import com.lealup.app.axon.ProcessorSharing;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Lets one node hold every segment of a processing group for a moment, which resetting its tokens (an in-place
 * replay) and swapping in a blue/green build need, while the other nodes share the group's segments
 * ({@link SegmentBalancer}). The node records its request in {@code group_takeover}; every other node looks every
 * {@link #POLL_MILLIS} and releases its segments of the group, again and again while the request stands, so that it
 * does not claim them back; the balancer leaves the group alone meanwhile. Once done, the node withdraws its request
 * and the segments are shared again within seconds. A request stands only while its node beats in
 * {@code cluster_node} ({@link SegmentBalancer}): a node killed while it holds a group (its live processor stopped
 * for a swap, the others releasing) would otherwise leave the group processed by no node until {@link #LAPSE}, which
 * now only ends the request of a node that beats but never gives the group back.
 */
@Component
public class GroupTakeover {

    private static final Logger log = LoggerFactory.getLogger(GroupTakeover.class);
    private static final long POLL_MILLIS = 300;
    /** Longer than a poll, so that a released segment stays released until the next one releases it again. */
    private static final long RELEASE_MILLIS = 3000;
    private static final Duration LAPSE = Duration.ofMinutes(2);
    /**
     * A request of a node without a beat (every 250 ms) for 2 s is a dead node's. Longer than the balancer's 600 ms:
     * a live node whose request the others took for dead while it swaps would see them claim the group back.
     */
    private static final String STANDING = "until > now() AND node_id IN "
            + "(SELECT node_id FROM cluster_node WHERE last_seen > now() - interval '2 seconds')";
    /** How long a node waits for the others to give a group's segments up (a batch in progress is finished first). */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final String nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/" + System.nanoTime();
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final Duration claimTimeout;

    GroupTakeover(JdbcTemplate jdbc, EventProcessingConfiguration processing, ProcessorSharing sharing) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.claimTimeout = sharing.timeout();
    }

    /** This node, as it beats in {@code cluster_node} and asks in {@code group_takeover}. */
    String nodeId() {
        return nodeId;
    }

    /**
     * Asks the other nodes to give up their segments of {@code group}, and waits up to {@code timeout} for their
     * claims to go: true when no other node holds one (the request then stands until {@link #giveBack}); false, and
     * the request withdrawn, when one still does (a node of an older version that does not know the request). The
     * group's processor on this node is stopped first, so that it does not claim what the others give up.
     */
    public boolean take(String group, Duration timeout) {
        jdbc.update("""
                        INSERT INTO group_takeover (processing_group, node_id, until) VALUES (?, ?, now() + ?::interval)
                        ON CONFLICT (processing_group) DO UPDATE SET node_id = EXCLUDED.node_id, until = EXCLUDED.until""",
                group, nodeId, LAPSE.toSeconds() + " seconds");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (claimedByOthers(group)) {
            if (System.nanoTime() - deadline > 0) {
                giveBack(group);
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS / 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                giveBack(group);
                return false;
            }
        }
        return true;
    }

    /** Withdraws this node's request: the other nodes claim their share again. */
    public void giveBack(String group) {
        jdbc.update("DELETE FROM group_takeover WHERE processing_group = ? AND node_id = ?", group, nodeId);
    }

    /**
     * A segment of the group claimed in {@code token_entry} that this node's processor does not hold, by a claim
     * renewed within the claim timeout. A dead node's claim is nobody's (the reset and the swap take it, as Axon
     * would); counted, it made a replay sent just after a node's kill wait 10 s and fail, since no node takes a claim
     * over while a request stands.
     */
    private boolean claimedByOthers(String group) {
        Set<Integer> held = processing.eventProcessor(group, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().keySet()).orElse(Set.of());
        // renewals are stamped with the system clock (Axon's), not the application's
        Instant lapsed = Instant.now().minus(claimTimeout);
        return jdbc.query("SELECT segment, timestamp FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL",
                (row, n) -> !held.contains(row.getInt(1)) && Instant.parse(row.getString(2)).isAfter(lapsed), group)
                .contains(true);
    }

    /** The groups some node has asked for, which the balancer then leaves alone. */
    Set<String> taken() {
        return Set.copyOf(jdbc.queryForList("SELECT processing_group FROM group_takeover WHERE " + STANDING,
                String.class));
    }

    /** Releases this node's segments of every group another node has asked for. */
    @Scheduled(fixedDelay = POLL_MILLIS, initialDelay = POLL_MILLIS)
    void yieldToOthers() {
        List<String> asked;
        try {
            asked = jdbc.queryForList("SELECT processing_group FROM group_takeover WHERE node_id <> ? AND " + STANDING,
                    String.class, nodeId);
        } catch (DataAccessException e) {
            log.debug("Could not read group takeovers: {}", e.getMessage());
            return;
        }
        for (String group : asked) {
            processing.eventProcessor(group, TrackingEventProcessor.class).filter(TrackingEventProcessor::isRunning)
                    .ifPresent(processor -> {
                        Set<Integer> held = processor.processingStatus().keySet();
                        // every segment, held or not: Axon keeps a released one unclaimed for the given time only
                        for (Integer segment : jdbc.queryForList(
                                "SELECT segment FROM token_entry WHERE processor_name = ?", Integer.class, group)) {
                            if (held.contains(segment)) {
                                log.info("Releasing segment {} of {}: another node takes the group over", segment,
                                        group);
                            }
                            processor.releaseSegment(segment, RELEASE_MILLIS, TimeUnit.MILLISECONDS);
                        }
                    });
        }
    }
}
