package com.lealup.automation.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.automation.playbook.PlaybookRunQueue.Queued;
import com.lealup.testing.ProcessingOrders;
import com.lealup.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue of runs on the real table, on a controlled time line: a customer's runs are claimed one at a time in the
 * store's order, whichever segment queued them; a claim is leased until its lease expires; a run is taken out once;
 * and the workers go first to the workspace holding fewest of them.
 */
class PlaybookRunQueueTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String WS = "wsp_run_queue";
    private static final String OTHER_WS = "wsp_run_queue_other";

    private final PlaybookRunQueue queue = new PlaybookRunQueue(TestDatabase.jdbc());
    private final PlaybookActionPolicy policy = new PlaybookActionPolicy(queue);

    /** The store's position of the last run queued. */
    private long position;

    @BeforeEach
    void emptyQueue() {
        TestDatabase.jdbc().sql("DELETE FROM playbook_run_queue").update();
        TestDatabase.jdbc().sql("DELETE FROM dead_letter_entry WHERE processing_group = ?")
                .param(PlaybookActionPolicy.PROCESSING_GROUP).update();
    }

    private static PlaybookTriggered run(String runId, String workspaceId, String customerId) {
        return new PlaybookTriggered(runId, "pbk_1", "Churn risk", workspaceId, customerId, null, "condition",
                Map.of(), List.of(), T0, 1L);
    }

    private List<String> claimed(Instant now, int limit) {
        return queue.claim(now, now.plus(LEASE), limit).stream().map(Queued::runId).toList();
    }

    private Queued claimedRun(String runId) {
        return queue.claim(T0, T0.plus(LEASE), 10).stream().filter(run -> run.runId().equals(runId)).findFirst()
                .orElseThrow();
    }

    @Test
    void aCustomersRunsAreClaimedOneAtATimeInTheStoresOrderWhicheverSegmentQueuedThemFirst() {
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(
                ProcessingOrders.registeredFor(PlaybookActionPolicy.PROCESSING_GROUP,
                        new PlaybookActionsProcessingConfiguration().playbookActionsSequencedByCustomer()),
                ProcessingOrders.tracked(
                        ProcessingOrders.ofAggregate("PlaybookRun", "run_1", 0, run("run_1", WS, "cus_1"), WS),
                        ProcessingOrders.ofAggregate("PlaybookRun", "run_2", 0, run("run_2", WS, "cus_2"), WS),
                        ProcessingOrders.ofAggregate("PlaybookRun", "run_3", 0, run("run_3", WS, "cus_1"), WS)));

        for (List<EventMessage<?>> order : orders) {
            emptyQueue();
            ProcessingOrders.handle(policy, order);

            List<Queued> heads = queue.claim(T0, T0.plus(LEASE), 10);
            assertThat(heads).as("claimed after %s", ProcessingOrders.describe(order)).extracting(Queued::runId)
                    .containsExactlyInAnyOrder("run_1", "run_2");
            assertThat(claimed(T0, 10)).as("run_3 waits for run_1, which is being done").isEmpty();
            assertThat(queue.runsFrom(heads, 10)).as("the claimed customers' runs, each customer's in the store's order")
                    .extracting(Queued::runId).containsExactlyInAnyOrder("run_1", "run_2", "run_3")
                    .containsSubsequence("run_1", "run_3");
        }
    }

    @Test
    void aRedeliveredRunIsQueuedOnce() {
        policy.on(run("run_1", WS, "cus_1"), new GlobalSequenceTrackingToken(7));
        policy.on(run("run_1", WS, "cus_1"), new GlobalSequenceTrackingToken(7));

        assertThat(queue.depth()).isEqualTo(1);
    }

    /**
     * A customer with a run parked as a dead letter is not claimed: its later runs wait. The retry queues the run again
     * at its event's position, so it comes back before them.
     */
    @Test
    void aParkedRunHoldsItsCustomersLaterRunsAndComesBackBeforeThem() {
        queued(run("run_1", WS, "cus_1"));
        queued(run("run_2", WS, "cus_1"));
        queued(run("run_3", WS, "cus_2"));
        queue.take(List.of(claimedRun("run_1")));
        park("cus_1");

        assertThat(claimed(T0.plus(LEASE), 10)).as("run_2 waits for run_1, parked").containsExactly("run_3");

        unpark("cus_1");
        policy.on(run("run_1", WS, "cus_1"), new GlobalSequenceTrackingToken(1));
        List<Queued> heads = queue.claim(T0.plus(LEASE), T0.plus(LEASE).plus(LEASE), 10);
        assertThat(heads).extracting(Queued::runId).containsExactly("run_1");
        assertThat(queue.runsFrom(heads, 10)).extracting(Queued::runId).containsExactly("run_1", "run_2");
    }

    /** A letter of the customer's sequence, as Axon's queue writes it. */
    private static void park(String customerId) {
        TestDatabase.jdbc().sql("""
                        INSERT INTO dead_letter_entry (dead_letter_id, processing_group, sequence_identifier,
                            sequence_index, message_type, event_identifier, time_stamp, payload_type, payload,
                            enqueued_at)
                        VALUES (?, ?, ?, 0, 'DomainEventMessage', 'evt', '2026-12-07T09:00:00Z', 'PlaybookTriggered',
                            '\\x00', now())""")
                .params("dl_" + customerId, PlaybookActionPolicy.PROCESSING_GROUP, customerId).update();
    }

    private static void unpark(String customerId) {
        TestDatabase.jdbc().sql("DELETE FROM dead_letter_entry WHERE sequence_identifier = ?").param(customerId).update();
    }

    /** The run, queued by the policy at the next position of the store. */
    private void queued(PlaybookTriggered run) {
        policy.on(run, new GlobalSequenceTrackingToken(++position));
    }

    @Test
    void aClaimedRunIsLeasedToItsWorkerUntilTheLeaseExpires() {
        queued(run("run_1", WS, "cus_1"));

        assertThat(claimed(T0, 10)).containsExactly("run_1");
        assertThat(claimed(T0.plus(LEASE).minusSeconds(1), 10)).as("another node, within the lease").isEmpty();
        assertThat(claimed(T0.plus(LEASE), 10)).as("the node died mid-run: taken up again").containsExactly("run_1");
    }

    @Test
    void aRunIsTakenOutOnceSoItsActionsAreDoneOnce() {
        queued(run("run_1", WS, "cus_1"));
        queued(run("run_2", WS, "cus_1"));
        List<Queued> runs = queue.runsFrom(List.of(claimedRun("run_1")), 10);

        assertThat(queue.take(runs)).containsExactlyInAnyOrder("run_1", "run_2");
        assertThat(queue.take(runs)).as("a second worker after the lease expired").isEmpty();
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aWorkerTakesItsCustomersNextRunsInOrderUpToItsMostButEveryHeadItClaimed() {
        for (int n = 1; n <= 4; n++) {
            queued(run("run_" + n, WS, "cus_1"));
            queued(run("other_" + n, WS, "cus_2"));
        }
        queued(run("third_1", WS, "cus_3"));
        List<Queued> heads = queue.claim(T0, T0.plus(LEASE), 10);
        assertThat(heads).extracting(Queued::runId).containsExactlyInAnyOrder("run_1", "other_1", "third_1");

        assertThat(queue.runsFrom(heads, 5)).extracting(Queued::runId)
                .containsExactly("run_1", "other_1", "run_2", "other_2", "third_1");
        assertThat(queue.runsFrom(heads, 1)).as("each claimed head, whatever the most").extracting(Queued::runId)
                .containsExactly("run_1", "other_1", "third_1");
    }

    @Test
    void aWorkspaceHoldingFewerWorkersGoesFirstWhateverItsPlaceInTheQueue() {
        queued(run("run_a1", WS, "cus_a1"));
        queued(run("run_a2", WS, "cus_a2"));
        queued(run("run_a3", WS, "cus_a3"));
        queued(run("run_b1", OTHER_WS, "cus_b1"));

        assertThat(claimed(T0, 2)).as("one worker each, though three runs of the first came before")
                .containsExactlyInAnyOrder("run_a1", "run_b1");
    }

    @Test
    void aClaimGoesFirstToTheWorkspaceHoldingFewestWorkers() {
        for (int n = 1; n <= 3; n++) {
            queued(run("run_a" + n, WS, "cus_a" + n));
        }
        assertThat(claimed(T0, 2)).containsExactlyInAnyOrder("run_a1", "run_a2");

        queued(run("run_b1", OTHER_WS, "cus_b1"));
        assertThat(claimed(T0, 1)).as("the other workspace holds none, this one two").containsExactly("run_b1");
    }
}
