package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.projections.ProcessorBatch;
import com.lealup.automation.FairClaims;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The runs whose actions are still to do ({@code playbook_run_queue}, command side), in the store's order
 * ({@code position}). A customer's runs are done one at a time, in that order: only a customer's oldest run (its
 * head) is claimed, under a lease, and the next becomes the head when the run is taken out, in the transaction of
 * its actions. Ids only: the run itself is its event. In the database, so runs survive a restart and every node
 * shares them; the claims share the workers fairly between workspaces ({@link FairClaims}).
 */
@Component
class PlaybookRunQueue {

    /** A run {@code q} that is its customer's oldest and that no node holds at {@code :now}. */
    private static final String CLAIMABLE = """
            (%1$s.leased_until IS NULL OR %1$s.leased_until <= :now)
            AND NOT EXISTS (SELECT 1 FROM playbook_run_queue earlier
                            WHERE earlier.customer_id = %1$s.customer_id AND earlier.position < %1$s.position)""";

    private final JdbcClient jdbc;
    /** The runs of the policy's batch of events, inserted at its commit. */
    private final ProcessorBatch<List<Queued>> batch = new ProcessorBatch<>("playbook-run-queue", ArrayList::new,
            this::insertQueued);

    PlaybookRunQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A run in the queue; {@code position} names it there. */
    record Queued(long position, String runId, String workspaceId, String customerId) {
    }

    void add(PlaybookTriggered run) {
        Queued queued = new Queued(0, run.runId(), run.workspaceId(), run.customerId());
        List<Queued> pending = batch.queue();
        if (pending == null) {
            insert(List.of(queued));
        } else {
            pending.add(queued);
        }
    }

    private void insertQueued(List<Queued> queued) {
        if (!queued.isEmpty()) {
            try {
                insert(queued);
            } finally {
                queued.clear();
            }
        }
    }

    /** In the list's order, which the positions follow; a run queued before (a redelivered event) stays as it is. */
    private void insert(List<Queued> runs) {
        jdbc.sql("""
                        INSERT INTO playbook_run_queue (run_id, workspace_id, customer_id)
                        SELECT r, w, c FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS q(r, w, c, n)
                        ORDER BY n
                        ON CONFLICT (run_id) DO NOTHING""")
                .params(column(runs, Queued::runId), column(runs, Queued::workspaceId),
                        column(runs, Queued::customerId))
                .update();
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
                            WITH RECURSIVE workspaces (workspace_id) AS (
                                (SELECT workspace_id FROM playbook_run_queue ORDER BY workspace_id LIMIT 1)
                                UNION ALL
                                SELECT (SELECT q.workspace_id FROM playbook_run_queue q
                                        WHERE q.workspace_id > w.workspace_id ORDER BY q.workspace_id LIMIT 1)
                                FROM workspaces w WHERE w.workspace_id IS NOT NULL),
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
                        .formatted(FairClaims.held("playbook_run_queue"), CLAIMABLE.formatted("q"),
                                CLAIMABLE.formatted("r"), FairClaims.PRIORITY))
                .param("lease", Timestamp.from(leaseUntil))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(PlaybookRunQueue::queued)
                .list();
    }

    /**
     * Leases the customer's next run until {@code leaseUntil}, for the worker that took out the one before it; none
     * when the customer has no run left, or another node leased it first.
     */
    Queued claimNext(String customerId, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                        UPDATE playbook_run_queue q SET leased_until = :lease
                        WHERE q.position = (SELECT min(position) FROM playbook_run_queue WHERE customer_id = :customer)
                          AND (q.leased_until IS NULL OR q.leased_until <= :now)
                        RETURNING position, run_id, workspace_id, customer_id""")
                .param("lease", Timestamp.from(leaseUntil))
                .param("now", Timestamp.from(now))
                .param("customer", customerId)
                .query(PlaybookRunQueue::queued)
                .optional().orElse(null);
    }

    /**
     * Takes out the customer's runs from {@code head} on, at most {@code max}, in order, in the transaction that does
     * their actions; none when the head is no longer there. A run whose lease expired mid-work and that another worker
     * claimed waits here until that worker's transaction ends, then is found done (or, rolled back, still to do): so
     * each run's actions are done once.
     */
    List<String> take(Queued head, int max) {
        return jdbc.sql("""
                        DELETE FROM playbook_run_queue WHERE position IN (
                            SELECT position FROM playbook_run_queue
                            WHERE customer_id = :customer AND position >= :head
                              AND EXISTS (SELECT 1 FROM playbook_run_queue WHERE position = :head)
                            ORDER BY position LIMIT :max)
                        RETURNING position, run_id""")
                .param("customer", head.customerId())
                .param("head", head.position())
                .param("max", max)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .list().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }

    /** Gives a leased run back, claimable at once: to a workspace holding fewer workers, at the end of a slice. */
    void release(long position) {
        jdbc.sql("UPDATE playbook_run_queue SET leased_until = NULL WHERE position = ?").param(position).update();
    }

    /**
     * Whether a claimable run of another workspace, one holding fewer leases than {@code workspaceId}, waits for a
     * worker: then a worker of {@code workspaceId} gives its customer's next run back at the end of its slice.
     */
    boolean anotherWorkspaceWaitsWithFewerLeases(String workspaceId, Instant now) {
        return jdbc.sql(FairClaims.anotherWorkspaceWaitsWithFewerLeases("playbook_run_queue", "q",
                        CLAIMABLE.formatted("q")))
                .param("workspace", workspaceId)
                .param("now", Timestamp.from(now))
                .query(Boolean.class)
                .single();
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
