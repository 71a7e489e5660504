package com.lealup.automation;

/**
 * The SQL that shares the outbox workers (webhook deliveries and replays, notifications, playbook runs) fairly between
 * workspaces, over every node: a claimable row's priority is the number of rows its workspace has leased
 * ({@link #held}) plus its rank among its workspace's claimable rows ({@link #PRIORITY}), so a workspace's many or slow
 * rows take a worker only when no workspace holding fewer waits, and a lone workspace still gets every free worker.
 * Each table has {@code workspace_id} and {@code leased_until}; the statements bind {@code :now} (and
 * {@code :workspace}).
 */
public final class FairClaims {

    /** Lowest first: the leases held by the row's workspace ({@code held}) plus its rank there ({@code due.rank}). */
    public static final String PRIORITY = "coalesce(held.leases, 0) + due.rank";

    private FairClaims() {
    }

    /**
     * The recursive common table {@code workspaces}: each workspace with rows in {@code table}, stepped through on
     * an index whose first column is {@code workspace_id} (one lookup each, however many rows it has). It ends with
     * a null row, which no join matches.
     */
    public static String workspaces(String table) {
        return """
                workspaces (workspace_id) AS (
                    (SELECT workspace_id FROM %1$s ORDER BY workspace_id LIMIT 1)
                    UNION ALL
                    SELECT (SELECT t.workspace_id FROM %1$s t
                            WHERE t.workspace_id > w.workspace_id ORDER BY t.workspace_id LIMIT 1)
                    FROM workspaces w WHERE w.workspace_id IS NOT NULL)""".formatted(table);
    }

    /** The common table {@code held}: each workspace's rows of {@code table} leased at {@code :now}, by any node. */
    public static String held(String table) {
        return """
                held AS (SELECT workspace_id, count(*) AS leases FROM %s
                         WHERE leased_until > :now GROUP BY workspace_id)""".formatted(table);
    }

    /**
     * Whether a claimable row of {@code table} (named {@code alias} in {@code claimable}) of another workspace, one
     * holding fewer leases than {@code :workspace}, waits for a worker: then a worker of {@code :workspace} gives its
     * row back at the end of its slice, and the claim gives that worker to the one waiting.
     */
    public static String anotherWorkspaceWaitsWithFewerLeases(String table, String alias, String claimable) {
        return """
                WITH %1$s
                SELECT EXISTS (SELECT 1 FROM %2$s %3$s
                               LEFT JOIN held ON held.workspace_id = %3$s.workspace_id
                               WHERE %3$s.workspace_id <> :workspace AND %4$s
                                 AND coalesce(held.leases, 0) < (SELECT leases FROM held WHERE workspace_id = :workspace))"""
                .formatted(held(table), table, alias, claimable);
    }
}
