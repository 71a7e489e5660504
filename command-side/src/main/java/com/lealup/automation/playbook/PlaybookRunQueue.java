package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.projections.BatchedInserts;
import com.lealup.automation.FairClaims;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The runs whose actions are still to do ({@code playbook_run_queue}, command side), in the store's order
 * ({@code position}, each run's event's position in the store). A customer's runs are done in that order, by one worker at a time: only a customer's oldest run
 * (its head) is claimed, under a lease, and the worker that holds it takes out the customer's runs from it on, in the
 * transaction of their actions; the next run left becomes the head. Ids only: the run itself is its event. In the
 * database, so runs survive a restart and every node shares them; the claims share the workers fairly between
 * workspaces ({@link FairClaims}).
 */
@Component
class PlaybookRunQueue {

    /**
     * A run {@code q} that is its customer's oldest, that no node holds at {@code :now}, and whose customer has no run
     * parked ({@link PlaybookRunParking}): its later runs wait for the parked one.
     */
    private static final String CLAIMABLE = """
            (%1$s.leased_until IS NULL OR %1$s.leased_until <= :now)
            AND NOT EXISTS (SELECT 1 FROM playbook_run_queue earlier
                            WHERE earlier.customer_id = %1$s.customer_id AND earlier.position < %1$s.position)
            AND NOT EXISTS (SELECT 1 FROM dead_letter_entry parked
                            WHERE parked.processing_group = '%2$s' AND parked.sequence_identifier = %1$s.customer_id)""";

    private final JdbcClient jdbc;
    private volatile Runnable whenAdded = () -> { };
    /** The runs of the policy's batch of events, inserted at its commit. */
    private final BatchedInserts<Queued> batch = new BatchedInserts<>("playbook-run-queue", this::insert);

    PlaybookRunQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A run in the queue; {@code position} names it there. */
    record Queued(long position, String runId, String workspaceId, String customerId) {
    }

    /** Tells {@code listener} of runs added, once they are committed: the workers need not wait for their poll. */
    void whenAdded(Runnable listener) {
        this.whenAdded = listener;
    }

    /** The run, at {@code position}: its event's in the store. */
    void add(PlaybookTriggered run, long position) {
        batch.add(new Queued(position, run.runId(), run.workspaceId(), run.customerId()));
    }

    /**
     * A run queued before (a redelivered event) stays as it is. The listener hears of them once per insert (a
     * processor's batch), after the commit.
     */
    private void insert(List<Queued> runs) {
        jdbc.sql("""
                        INSERT INTO playbook_run_queue (position, run_id, workspace_id, customer_id)
                        SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[])
                        ON CONFLICT DO NOTHING""")
                .params(runs.stream().map(Queued::position).toArray(Long[]::new), column(runs, Queued::runId),
                        column(runs, Queued::workspaceId), column(runs, Queued::customerId))
                .update();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unit -> whenAdded.run());
        } else {
            whenAdded.run();
        }
    }

    private static String[] column(List<Queued> runs, Function<Queued, String> value) {
        return runs.stream().map(value).toArray(String[]::new);
    }

    /**
     * Leases up to {@code limit} claimable runs, each of a different customer, until {@code leaseUntil}; other nodes
     * skip them (SKIP LOCKED, then the lease). Fair between workspaces ({@link FairClaims}): a run ranks among its
     * workspace's claimable ones by position. The workspaces are stepped through on their index, each giving at most
     * {@code limit} candidates.
     */
    List<Queued> claim(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        UPDATE playbook_run_queue SET leased_until = :lease
                        WHERE position IN (
                            WITH RECURSIVE %s,
                            %s,
                            due AS (SELECT d.position, w.workspace_id, row_number()
                                        OVER (PARTITION BY w.workspace_id ORDER BY d.position) AS rank
                                    FROM workspaces w CROSS JOIN LATERAL (
                                        SELECT q.position FROM playbook_run_queue q
                                        WHERE q.workspace_id = w.workspace_id AND %s
                                        ORDER BY q.position LIMIT :limit) d)
                            SELECT r.position FROM due
                            JOIN playbook_run_queue r ON r.position = due.position
                            LEFT JOIN held ON held.workspace_id = due.workspace_id
                            -- checked again on the row locked: another node may have leased it meanwhile
                            WHERE %s
                            ORDER BY %s, due.position
                            LIMIT :limit FOR UPDATE OF r SKIP LOCKED)
                        RETURNING position, run_id, workspace_id, customer_id"""
                        .formatted(FairClaims.workspaces("playbook_run_queue"), FairClaims.held("playbook_run_queue"),
                                CLAIMABLE.formatted("q", PlaybookActionPolicy.PROCESSING_GROUP),
                                CLAIMABLE.formatted("r", PlaybookActionPolicy.PROCESSING_GROUP), FairClaims.PRIORITY))
                .param("lease", Timestamp.from(leaseUntil))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(PlaybookRunQueue::queued)
                .list();
    }

    /**
     * Gives back the leases of {@code heads} claimed until {@code leasedUntil} (a node stopping), so that another node
     * claims them at once rather than when the lease ends. Runs a worker's transaction is taking out are skipped, not
     * waited for: done, they leave the queue; rolled back, their lease runs out.
     */
    void release(List<Queued> heads, Instant leasedUntil) {
        jdbc.sql("""
                        UPDATE playbook_run_queue SET leased_until = NULL
                        WHERE position IN (SELECT position FROM playbook_run_queue
                                           WHERE position = ANY(?::bigint[]) AND leased_until = ?
                                           FOR UPDATE SKIP LOCKED)""")
                .param(heads.stream().map(Queued::position).toArray(Long[]::new))
                .param(Timestamp.from(leasedUntil))
                .update();
    }

    /**
     * The runs to do for the claimed {@code heads}: each head, then its customer's next runs in order, up to
     * {@code max} runs in all (every head counts, whatever {@code max}); in the store's order.
     */
    List<Queued> runsFrom(List<Queued> heads, int max) {
        return jdbc.sql("""
                        SELECT q.position, q.run_id, q.workspace_id, q.customer_id FROM playbook_run_queue q
                        JOIN unnest(:customers::text[], :heads::bigint[]) AS h(customer_id, head)
                          ON q.customer_id = h.customer_id AND q.position >= h.head
                        ORDER BY q.position = h.head DESC, q.position
                        LIMIT greatest(:max, cardinality(:heads::bigint[]))""")
                .param("customers", heads.stream().map(Queued::customerId).toArray(String[]::new))
                .param("heads", heads.stream().map(Queued::position).toArray(Long[]::new))
                .param("max", max)
                .query(PlaybookRunQueue::queued)
                .list().stream().sorted(Comparator.comparingLong(Queued::position)).toList();
    }

    /**
     * Takes the runs out, in the transaction that does their actions, and answers the ids of those that were still
     * there: a run
     * whose lease expired mid-work and that another worker claimed waits here until that worker's transaction ends,
     * then is found done (or, rolled back, still to do). So each run's actions are done once.
     */
    Set<String> take(List<Queued> runs) {
        return new HashSet<>(jdbc.sql(
                        "DELETE FROM playbook_run_queue WHERE position = ANY(?::bigint[]) RETURNING run_id")
                .param(runs.stream().map(Queued::position).toArray(Long[]::new))
                .query(String.class)
                .list());
    }

    /** Runs still to do, for the queue depth metric. */
    long depth() {
        return jdbc.sql("SELECT count(*) FROM playbook_run_queue").query(Long.class).single();
    }

    private static Queued queued(ResultSet rs, int row) throws SQLException {
        return new Queued(rs.getLong("position"), rs.getString("run_id"), rs.getString("workspace_id"),
                rs.getString("customer_id"));
    }
}
