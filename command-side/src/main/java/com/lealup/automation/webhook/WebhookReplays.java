package com.lealup.automation.webhook;

import com.lealup.automation.FairClaims;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The replays asked for and not yet done ({@code webhook_replay}): the fan-out policy records them, the
 * {@link WebhookReplayer} works them under a lease, one replay of a subscription at a time, in the order asked.
 */
@Component
class WebhookReplays {

    private final JdbcClient jdbc;

    WebhookReplays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A replay: the subscription's events from {@code since} up to the request's own position {@code end}; {@code
     * cursor} is the position of the last event read (null before the first page).
     */
    record Replay(long id, String subscriptionId, String workspaceId, Instant since, long end, Long cursor,
                  Instant requestedAt, Instant leasedUntil) {
    }

    void request(String subscriptionId, String workspaceId, Instant since, long end, Instant requestedAt) {
        jdbc.sql("""
                        INSERT INTO webhook_replay (subscription_id, workspace_id, since, end_position, requested_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(subscriptionId, workspaceId, Timestamp.from(since), end, Timestamp.from(requestedAt))
                .update();
    }

    /**
     * A deleted subscription's replays go. Called before its deliveries are deleted: this waits for a page being
     * committed (its row lock), so that page's deliveries are deleted too, and no later page is committed.
     */
    void forget(String subscriptionId) {
        jdbc.sql("DELETE FROM webhook_replay WHERE subscription_id = ?").param(subscriptionId).update();
    }

    /**
     * A replay {@code r} that may be claimed: not leased, the oldest of its subscription, and its subscription has
     * fewer than {@code :backlog} replayed deliveries pending (a replay is queued no faster than it is delivered).
     */
    private static final String CLAIMABLE = """
            (r.leased_until IS NULL OR r.leased_until <= :now)
            AND NOT EXISTS (SELECT 1 FROM webhook_replay o WHERE o.subscription_id = r.subscription_id AND o.id < r.id)
            AND (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = r.subscription_id
                 AND d.status = 'pending' AND d.replay) < :backlog""";
    /**
     * Since when a claimable replay {@code r} waits: its request, or the end of its last lease (a replay given back
     * after its slice waits from then, behind those that waited while it was worked).
     */
    private static final String WAITING_SINCE = "coalesce(r.leased_until, r.requested_at)";

    /**
     * Leases up to {@code limit} claimable replays; other nodes skip them (SKIP LOCKED, then the lease). Fair between
     * workspaces ({@link FairClaims}): a replay ranks among its workspace's claimable ones waiting longest first, and
     * ties go to the one waiting longest.
     */
    List<Replay> claim(Instant now, Instant leaseUntil, int backlog, int limit) {
        return jdbc.sql("""
                        UPDATE webhook_replay SET leased_until = :lease
                        WHERE id IN (
                            WITH %1$s,
                            due AS (SELECT r.id, r.workspace_id, %2$s AS waiting_since,
                                        row_number() OVER (PARTITION BY r.workspace_id ORDER BY %2$s, r.id) AS rank
                                    FROM webhook_replay r WHERE %3$s)
                            SELECT r.id FROM due
                            JOIN webhook_replay r ON r.id = due.id
                            LEFT JOIN held ON held.workspace_id = due.workspace_id
                            -- checked again on the row locked: another node may have leased (and released) it
                            WHERE r.leased_until IS NULL OR r.leased_until <= :now
                            ORDER BY %4$s, due.waiting_since, due.id
                            LIMIT :limit FOR UPDATE OF r SKIP LOCKED)
                        RETURNING id, subscription_id, workspace_id, since, end_position, cursor_position,
                            requested_at, leased_until"""
                        .formatted(FairClaims.held("webhook_replay"), WAITING_SINCE, CLAIMABLE, FairClaims.PRIORITY))
                .param("lease", Timestamp.from(leaseUntil))
                .param("now", Timestamp.from(now))
                .param("backlog", backlog)
                .param("limit", limit)
                .query((rs, n) -> new Replay(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5), (Long) rs.getObject(6),
                        rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()))
                .list();
    }

    /**
     * Whether a claimable replay of another workspace, one holding fewer replays leased than {@code workspaceId},
     * waits for a worker: then a worker of {@code workspaceId} gives its replay back at the end of its slice.
     */
    boolean anotherWorkspaceWaitsWithFewerLeases(String workspaceId, Instant now, int backlog) {
        return jdbc.sql(FairClaims.anotherWorkspaceWaitsWithFewerLeases("webhook_replay", "r", CLAIMABLE))
                .param("workspace", workspaceId)
                .param("now", Timestamp.from(now))
                .param("backlog", backlog)
                .query(Boolean.class)
                .single();
    }

    /** How many of the subscription's replayed deliveries are still pending. */
    int backlog(String subscriptionId) {
        return jdbc.sql("""
                        SELECT count(*) FROM webhook_delivery
                        WHERE subscription_id = ? AND status = 'pending' AND replay""")
                .param(subscriptionId)
                .query(Integer.class).single();
    }

    /**
     * Moves the replay's cursor and renews its lease, in the caller's transaction, locking the row until it commits;
     * false when the lease was lost (expired and taken) or the replay is gone (its subscription deleted).
     */
    boolean advance(long id, Instant held, long cursor, Instant leaseUntil) {
        return jdbc.sql("""
                        UPDATE webhook_replay SET cursor_position = ?, leased_until = ?
                        WHERE id = ? AND leased_until = ?""")
                .params(cursor, Timestamp.from(leaseUntil), id, Timestamp.from(held))
                .update() == 1;
    }

    void done(long id) {
        jdbc.sql("DELETE FROM webhook_replay WHERE id = ?").param(id).update();
    }

    /**
     * Gives the replay back for another claim (at once, or once its backlog has drained); its lease ends {@code now},
     * from when it waits for a worker.
     */
    void release(long id, Instant held, Instant now) {
        jdbc.sql("UPDATE webhook_replay SET leased_until = ? WHERE id = ? AND leased_until = ?")
                .params(Timestamp.from(now), id, Timestamp.from(held))
                .update();
    }
}
