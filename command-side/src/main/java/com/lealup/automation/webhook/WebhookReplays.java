package com.lealup.automation.webhook;

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
     * Leases up to {@code limit} replays, each the oldest of its subscription, whose subscription has fewer than
     * {@code backlog} replayed deliveries pending (a replay is queued no faster than it is delivered).
     */
    List<Replay> claim(Instant now, Instant leaseUntil, int backlog, int limit) {
        return jdbc.sql("""
                        UPDATE webhook_replay SET leased_until = :lease
                        WHERE id IN (SELECT r.id FROM webhook_replay r
                            WHERE (r.leased_until IS NULL OR r.leased_until <= :now)
                              AND NOT EXISTS (SELECT 1 FROM webhook_replay o
                                              WHERE o.subscription_id = r.subscription_id AND o.id < r.id)
                              AND (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = r.subscription_id
                                   AND d.status = 'pending' AND d.replay) < :backlog
                            ORDER BY r.id LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id, subscription_id, workspace_id, since, end_position, cursor_position,
                            requested_at, leased_until""")
                .param("lease", Timestamp.from(leaseUntil))
                .param("now", Timestamp.from(now))
                .param("backlog", backlog)
                .param("limit", limit)
                .query((rs, n) -> new Replay(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5), (Long) rs.getObject(6),
                        rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()))
                .list();
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

    /** Gives the replay back for another claim (when its backlog has drained). */
    void release(long id, Instant held) {
        jdbc.sql("UPDATE webhook_replay SET leased_until = NULL WHERE id = ? AND leased_until = ?")
                .params(id, Timestamp.from(held))
                .update();
    }
}
