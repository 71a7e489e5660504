package com.lealup.app.cluster;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.lealup.app.deadletters.ProcessingGroups;
import com.lealup.testing.TestDatabase;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The balancer on a real {@code cluster_node} table, with another node's beats written by the test and one processor
 * of two segments, both held here: what it releases for the other node, and what it takes back when that node stops
 * beating before it claimed them.
 */
class SegmentBalancerTest {

    private static final String GROUP = "balancer-test";
    private static final String OTHER_NODE = "other-node";

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.dataSource());
    private final TrackingEventProcessor processor = mock(TrackingEventProcessor.class);
    private SegmentBalancer balancer;

    @BeforeEach
    void twoSegmentsHeldHere() {
        jdbc.update("DELETE FROM cluster_node");
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", GROUP);
        for (int segment = 0; segment < 2; segment++) {
            jdbc.update("INSERT INTO token_entry (processor_name, segment, timestamp) VALUES (?, ?, '')", GROUP, segment);
        }
        when(processor.getName()).thenReturn(GROUP);
        when(processor.isRunning()).thenReturn(true);
        when(processor.maxCapacity()).thenReturn(2);
        when(processor.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class),
                1, mock(EventTrackerStatus.class)));
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessor(GROUP, TrackingEventProcessor.class)).thenReturn(Optional.of(processor));
        ProcessingGroups groups = new ProcessingGroups(Map.of(GROUP, true), Map.of(GROUP, Role.QUERY),
                Map.of(GROUP, false), Set.of());
        balancer = new SegmentBalancer(jdbc, processing, groups, NodeRoles.all(),
                new GroupTakeover(jdbc, processing, GroupTakeoverTest.SHARED));
        balancer.ready();
    }

    @Test
    void aSecondNodeGetsHalfTheSegmentsOnceTheCountIsStable() {
        otherNodeBeats();
        balancer.balance();
        verify(processor, never()).releaseSegment(anyInt(), anyLong(), eq(TimeUnit.MILLISECONDS));

        otherNodeBeats();
        balancer.balance();

        verify(processor).releaseSegment(1, 3000, TimeUnit.MILLISECONDS);
    }

    /** The node died right after the count that released its share: the release is cancelled, not waited out. */
    @Test
    void whatWasReleasedForANodeThatLeftIsTakenBackAtOnce() {
        otherNodeBeats();
        balancer.balance();
        otherNodeBeats();
        balancer.balance();

        jdbc.update("UPDATE cluster_node SET last_seen = now() - interval '1 second' WHERE node_id = ?", OTHER_NODE);
        balancer.balance();

        verify(processor).releaseSegment(1, 0, TimeUnit.MILLISECONDS);
    }

    @Test
    void whileTheOtherNodeLivesTheReleaseStands() {
        otherNodeBeats();
        balancer.balance();
        otherNodeBeats();
        balancer.balance();

        otherNodeBeats();
        balancer.beat();
        balancer.balance();

        verify(processor, never()).releaseSegment(1, 0, TimeUnit.MILLISECONDS);
    }

    /** A worker slow to make the split asked for is not asked again meanwhile: each would split once more. */
    @Test
    void aSplitIsAskedForAgainOnlyOnceTheOneBeforeIsMade() {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ? AND segment = 1", GROUP);
        when(processor.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class)));
        CompletableFuture<Boolean> slow = new CompletableFuture<>();
        when(processor.splitSegment(0)).thenReturn(slow);

        for (int second = 0; second < 4; second++) {
            otherNodeBeats();
            balancer.balance();
        }
        verify(processor, times(1)).splitSegment(0);

        slow.complete(true);
        otherNodeBeats();
        balancer.balance();
        verify(processor, times(2)).splitSegment(0);
    }

    private void otherNodeBeats() {
        jdbc.update("""
                INSERT INTO cluster_node (node_id, roles, last_seen) VALUES (?, ?, now())
                ON CONFLICT (node_id) DO UPDATE SET last_seen = now()""", OTHER_NODE, NodeRoles.all().toString());
        balancer.beat();
    }
}
