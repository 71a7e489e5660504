package com.lealup.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.lealup.app.axon.ProcessorSharing;
import com.lealup.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Another node's takeover of a group, on real {@code group_takeover} and {@code cluster_node} tables: this node gives
 * the group up while that node beats, and takes no more notice of the request once it stops beating (killed in the
 * middle of a replay's reset or swap), instead of leaving the group to no node until the request lapses. And this
 * node's own takeover waits for the claims of live nodes only: a dead node's is nobody's.
 */
class GroupTakeoverTest {

    private static final String GROUP = "takeover-test";
    private static final String OTHER_NODE = "other-node";
    /** As with LEALUP_DB_URL: claims time out after 1.2 s. */
    static final ProcessorSharing SHARED = new ProcessorSharing(2, Duration.ofMillis(300), Duration.ofMillis(300),
            Duration.ofMillis(1200));

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.dataSource());
    private final TrackingEventProcessor processor = mock(TrackingEventProcessor.class);
    private GroupTakeover takeover;

    @BeforeEach
    void oneSegmentHeldHereAndTheOtherNodeAsksForTheGroup() {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", GROUP);
        jdbc.update("INSERT INTO token_entry (processor_name, segment, timestamp) VALUES (?, 0, '')", GROUP);
        when(processor.isRunning()).thenReturn(true);
        when(processor.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class)));
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessor(GROUP, TrackingEventProcessor.class)).thenReturn(Optional.of(processor));
        takeover = new GroupTakeover(jdbc, processing, SHARED);
        jdbc.update("""
                INSERT INTO group_takeover (processing_group, node_id, until) VALUES (?, ?, now() + interval '2 minutes')
                ON CONFLICT (processing_group) DO UPDATE SET node_id = EXCLUDED.node_id, until = EXCLUDED.until""",
                GROUP, OTHER_NODE);
    }

    @AfterEach
    void cleanUp() {
        jdbc.update("DELETE FROM group_takeover WHERE processing_group = ?", GROUP);
        jdbc.update("DELETE FROM cluster_node WHERE node_id = ?", OTHER_NODE);
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", GROUP);
    }

    @Test
    void whileTheAskingNodeBeatsTheGroupIsGivenUp() {
        otherNodeLastBeat("0 seconds");

        takeover.yieldToOthers();

        verify(processor).releaseSegment(0, 3000, TimeUnit.MILLISECONDS);
        assertThat(takeover.taken()).contains(GROUP);
    }

    @Test
    void theRequestOfANodeThatStoppedBeatingNoLongerStands() {
        otherNodeLastBeat("3 seconds");

        takeover.yieldToOthers();

        verify(processor, never()).releaseSegment(anyInt(), anyLong(), any());
        assertThat(takeover.taken()).doesNotContain(GROUP);
    }

    @Test
    void aClaimNotRenewedWithinTheClaimTimeoutDoesNotHoldATakeoverBack() {
        otherNodeClaims(Instant.now().minusSeconds(5));

        assertThat(takeover.take(GROUP, Duration.ofSeconds(5))).as("the takeover, past a dead node's claim").isTrue();
    }

    @Test
    void aLiveNodesClaimHoldsATakeoverBack() {
        otherNodeClaims(Instant.now().plusSeconds(60));

        assertThat(takeover.take(GROUP, Duration.ofMillis(300))).as("the takeover, past a live node's claim").isFalse();
    }

    private void otherNodeClaims(Instant renewedAt) {
        jdbc.update("UPDATE token_entry SET owner = ?, timestamp = ? WHERE processor_name = ?", OTHER_NODE,
                renewedAt.toString(), GROUP);
    }

    private void otherNodeLastBeat(String ago) {
        jdbc.update("""
                INSERT INTO cluster_node (node_id, roles, last_seen) VALUES (?, ?, now() - ?::interval)
                ON CONFLICT (node_id) DO UPDATE SET last_seen = EXCLUDED.last_seen""",
                OTHER_NODE, NodeRoles.all().toString(), ago);
    }
}
