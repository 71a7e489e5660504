package com.lealup.app.cluster;

import com.lealup.app.deadletters.ProcessingGroups;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Spreads each processor's segments over the live nodes of its role. A tracking processor claims every segment it
 * has threads for, so the first node to start would keep them all and the others would only stand by. Each node
 * beats in {@code cluster_node} every 250 ms with its roles; every second it counts the live nodes (a beat within
 * the last 600 ms, in database time: a node that missed two beats is not counted, for a survivor that counted a
 * dead node would release segments no one claims) of each role, and a node holding more than its share
 * ({@code ceil(segments / live nodes of the role)}) of a processor's segments releases the surplus for a few
 * seconds, for another node to claim. It acts only when the count is the same as a second earlier, so a node that
 * just died (its beats stopped, its claims not yet timed out) does not make the survivors release what they will
 * need to take over; and when fewer nodes of a role are live than at the last count, it takes back what it released
 * for them ({@link #takeBackWhenANodeLeft}). A node stopped gracefully leaves the table at once. A processor with
 * fewer segments than threads a node is split first ({@link #splitHeld}). A group one node has taken over
 * ({@link GroupTakeover}) is left alone until it gives it back.
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /** As long as another node needs to claim a released segment (it looks every 300 ms). */
    private static final long RELEASE_MILLIS = 3000;

    private final String nodeId;
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final ProcessingGroups groups;
    private final NodeRoles roles;
    private final GroupTakeover takeover;
    private volatile boolean ready;
    private Map<Role, Integer> lastCount = Map.of();
    /** Only {@link #balance} touches it, on the scheduler's one thread at a time. */
    private final List<Release> released = new ArrayList<>();
    /** The split each processor's worker has been asked for and not yet made; only {@link #balance} touches it. */
    private final Map<String, CompletableFuture<Boolean>> splitting = new HashMap<>();

    SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, ProcessingGroups groups, NodeRoles roles,
                    GroupTakeover takeover) {
        this.nodeId = takeover.nodeId();
        this.takeover = takeover;
        this.jdbc = jdbc;
        this.processing = processing;
        this.groups = groups;
        this.roles = roles;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        ready = true;
        beat();
    }

    @Scheduled(fixedDelay = 250)
    void beat() {
        if (!ready) {
            return;
        }
        try {
            jdbc.update("""
                    INSERT INTO cluster_node (node_id, roles, last_seen) VALUES (?, ?, now())
                    ON CONFLICT (node_id) DO UPDATE SET roles = EXCLUDED.roles, last_seen = now()""",
                    nodeId, roles.toString());
        } catch (DataAccessException e) {
            log.debug("Heartbeat failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void balance() {
        if (!ready) {
            return;
        }
        Map<Role, Integer> live = liveNodesByRole();
        takeBackWhenANodeLeft(live);
        boolean stable = live.equals(lastCount);
        lastCount = live;
        if (!stable) {
            return;
        }
        Map<String, Integer> segments = new HashMap<>();
        jdbc.query("SELECT processor_name, count(*) FROM token_entry GROUP BY processor_name",
                row -> {
                    segments.put(row.getString(1), row.getInt(2));
                });
        Set<String> taken = takeover.taken();
        for (String group : groups.names()) {
            Role role = groups.role(group);
            int nodes = live.getOrDefault(role, 0);
            if (!roles.has(role) || nodes < 2 || taken.contains(group)) {
                continue;
            }
            int count = segments.getOrDefault(group, 0);
            processing.eventProcessor(group, TrackingEventProcessor.class).filter(TrackingEventProcessor::isRunning)
                    .ifPresent(processor -> {
                        if (count > 0 && count < processor.maxCapacity()) {
                            splitHeld(processor, count);
                        } else {
                            releaseSurplus(processor, role, count, nodes);
                        }
                    });
        }
    }

    /**
     * A processor whose tokens were made with fewer segments than a node runs threads of it (a database first used
     * alone, or before several nodes shared it: segments are fixed when the tokens are made) is split, one
     * segment a second, by the node that holds it; only a segment's holder can split it, so two nodes never split
     * the same one. One split at a time: a worker busy catching up takes its time to make the one asked for, and
     * each instruction asked again meanwhile would split once more, past the threads the nodes have for the segments.
     */
    private void splitHeld(TrackingEventProcessor processor, int segments) {
        CompletableFuture<Boolean> pending = splitting.get(processor.getName());
        if (pending != null && !pending.isDone()) {
            return;
        }
        processor.processingStatus().keySet().stream().min(Integer::compare).ifPresent(segment -> {
            log.info("Splitting segment {} of {} ({} segments, {} threads a node)", segment, processor.getName(),
                    segments, processor.maxCapacity());
            splitting.put(processor.getName(), processor.splitSegment(segment));
        });
    }

    private void releaseSurplus(TrackingEventProcessor processor, Role role, int segments, int nodes) {
        int share = (segments + nodes - 1) / nodes;
        List<Integer> held = processor.processingStatus().keySet().stream().sorted().toList();
        for (int i = share; i < held.size(); i++) {
            log.info("Releasing segment {} of {} for another node ({} nodes share {} segments)", held.get(i),
                    processor.getName(), nodes, segments);
            processor.releaseSegment(held.get(i), RELEASE_MILLIS, TimeUnit.MILLISECONDS);
            released.add(new Release(processor, role, held.get(i), System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(RELEASE_MILLIS)));
        }
    }

    /** A segment this node released for another node of {@code role}, not to be claimed here until {@code untilNanos}. */
    private record Release(TrackingEventProcessor processor, Role role, int segment, long untilNanos) {
    }

    /**
     * A node counted live a second ago may have died just then (its last beats still inside the window): what this
     * node released for it would stay unclaimed until the release ends. So when fewer nodes of a role are live than at
     * the last count, this node may claim again at once what it released for them.
     */
    private void takeBackWhenANodeLeft(Map<Role, Integer> live) {
        long now = System.nanoTime();
        released.removeIf(release -> release.untilNanos() - now <= 0);
        released.removeIf(release -> {
            if (live.getOrDefault(release.role(), 0) >= lastCount.getOrDefault(release.role(), 0)) {
                return false;
            }
            log.info("Taking back segment {} of {}: a node left", release.segment(), release.processor().getName());
            release.processor().releaseSegment(release.segment(), 0, TimeUnit.MILLISECONDS);
            return true;
        });
    }

    private Map<Role, Integer> liveNodesByRole() {
        Map<Role, Integer> live = new EnumMap<>(Role.class);
        jdbc.query("SELECT roles FROM cluster_node WHERE last_seen > now() - interval '600 milliseconds'", row -> {
            NodeRoles nodeRoles = NodeRoles.parse(row.getString(1), true);
            nodeRoles.roles().forEach(role -> live.merge(role, 1, Integer::sum));
        });
        jdbc.update("DELETE FROM cluster_node WHERE last_seen < now() - interval '1 hour'");
        return live;
    }

    @PreDestroy
    void leave() {
        ready = false;
        try {
            jdbc.update("DELETE FROM cluster_node WHERE node_id = ?", nodeId);
        } catch (DataAccessException e) {
            log.debug("Could not leave cluster_node: {}", e.getMessage());
        }
    }
}
