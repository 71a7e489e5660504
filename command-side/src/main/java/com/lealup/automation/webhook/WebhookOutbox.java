package com.lealup.automation.webhook;

import com.lealup.api.projections.BatchedInserts;
import com.lealup.automation.FairClaims;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery policy's state (command side): {@code webhook_endpoint}, one row per live subscription (its routing
 * and its queue: when its head may next be tried, the lease of the node working it, since when it fails), and
 * {@code webhook_delivery}, each event's delivery to each subscription in the subscription's order ({@code position}).
 * In the database, so pending deliveries survive a restart and every node shares them; a node works a subscription
 * only under its lease, so one subscription's queue is worked by one node at a time, in order.
 */
@Component
class WebhookOutbox {

    static final String PENDING = "pending";
    static final String FAILED = "failed";
    private static final int MAX_ERROR = 500;
    /** How long a delivered mark waits for a locked row before it gives way ({@link #delivered}), and its tries. */
    static final Duration MARK_LOCK_TIMEOUT = Duration.ofMillis(200);
    private static final int MARK_ATTEMPTS = 50;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    /** The deliveries the fan-out's batch of events queued, inserted at its commit. */
    private final BatchedInserts<Queued> fanOut = new BatchedInserts<>("webhook-fanout", this::insert);

    WebhookOutbox(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** A subscription's routing: who gets a workspace's events of which types. */
    record Route(String subscriptionId, List<String> events) {
    }

    /** A subscription claimed by this node until {@code leasedUntil}. */
    record Claimed(String subscriptionId, String workspaceId, String url, Instant leasedUntil, Instant failingSince) {
    }

    /** A delivery to queue. */
    private record Queued(String subscriptionId, String workspaceId, String messageId, WebhookPayload payload,
                          boolean replay, Instant createdAt) {
    }

    /** A pending delivery as its queue was read; {@code customerId} names the customer its payload is about. */
    record Delivery(long position, String messageId, String payload, String customerId, boolean replay, int attempts,
                    Instant firstAttemptAt) {
    }

    /** A delivery the receiver acknowledged with {@code status} at {@code at}. */
    record Acknowledged(Delivery delivery, Instant at, int status) {
    }

    void addEndpoint(String subscriptionId, String workspaceId, String url, List<String> events, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_endpoint (subscription_id, workspace_id, url, events, enabled, next_attempt_at)
                        VALUES (?, ?, ?, ?, TRUE, ?) ON CONFLICT (subscription_id) DO NOTHING""")
                .params(subscriptionId, workspaceId, url, String.join(",", events), Timestamp.from(now))
                .update();
    }

    /**
     * A subscription's new URL and types. The dispatcher reads the URL when it claims the queue, so what is pending
     * goes to the new one from the next claim (a worker already sending the queue keeps the URL it claimed until it
     * gives it back). A new URL is a new endpoint: the old one's failures no longer count towards disabling it, their
     * back-off ends, so the head is tried at the new URL at once, and each pending delivery has a fresh retry window
     * there, as after an enable (a delivery 23 hours into failing at the old URL gets more than one try at the new).
     */
    void updateEndpoint(String subscriptionId, String url, List<String> events, Instant now) {
        boolean moved = jdbc.sql("""
                        UPDATE webhook_endpoint e SET events = ?, url = ?,
                            failing_since = CASE WHEN e.url = ? THEN e.failing_since END,
                            next_attempt_at = CASE WHEN e.url = ? THEN e.next_attempt_at
                                ELSE LEAST(e.next_attempt_at, ?) END
                        FROM (SELECT url FROM webhook_endpoint WHERE subscription_id = ? FOR UPDATE) was
                        WHERE e.subscription_id = ?
                        RETURNING was.url <> e.url""")
                .params(String.join(",", events), url, url, url, Timestamp.from(now), subscriptionId, subscriptionId)
                .query(Boolean.class)
                .optional().orElse(false);
        if (moved) {
            jdbc.sql("""
                            UPDATE webhook_delivery SET first_attempt_at = NULL, next_attempt_at = NULL
                            WHERE subscription_id = ? AND status = 'pending'
                                AND (first_attempt_at IS NOT NULL OR next_attempt_at IS NOT NULL)""")
                    .param(subscriptionId)
                    .update();
        }
    }

    /** A deleted subscription: its route and every delivery, pending or done, go. */
    void removeEndpoint(String subscriptionId) {
        fanOut.flush();
        jdbc.sql("DELETE FROM webhook_delivery WHERE subscription_id = ?").param(subscriptionId).update();
        jdbc.sql("DELETE FROM webhook_endpoint WHERE subscription_id = ?").param(subscriptionId).update();
    }

    /** Disabled: no more claims, and no more events queued; what is pending is held. */
    void disable(String subscriptionId) {
        jdbc.sql("UPDATE webhook_endpoint SET enabled = FALSE WHERE subscription_id = ?").param(subscriptionId).update();
    }

    /** Enabled again: the held queue resumes now, its head with a fresh retry window. */
    void enable(String subscriptionId, Instant now) {
        fanOut.flush();
        jdbc.sql("""
                        UPDATE webhook_endpoint SET enabled = TRUE, failing_since = NULL, next_attempt_at = ?
                        WHERE subscription_id = ?""")
                .params(Timestamp.from(now), subscriptionId)
                .update();
        jdbc.sql("""
                        UPDATE webhook_delivery SET first_attempt_at = NULL, next_attempt_at = NULL
                        WHERE subscription_id = ? AND status = 'pending'""")
                .param(subscriptionId)
                .update();
    }

    /** The enabled subscriptions of a workspace. */
    List<Route> routes(String workspaceId) {
        return jdbc.sql("SELECT subscription_id, events FROM webhook_endpoint WHERE workspace_id = ? AND enabled")
                .param(workspaceId)
                .query((rs, n) -> new Route(rs.getString(1), Arrays.asList(rs.getString(2).split(","))))
                .list();
    }

    Route route(String subscriptionId) {
        return jdbc.sql("SELECT subscription_id, events FROM webhook_endpoint WHERE subscription_id = ?")
                .param(subscriptionId)
                .query((rs, n) -> new Route(rs.getString(1), Arrays.asList(rs.getString(2).split(","))))
                .optional().orElse(null);
    }

    /**
     * Appends to the subscription's queue: positions grow in the order of these calls. In the fan-out processor's
     * batch of events the deliveries are queued and inserted together just before its commit, in one statement.
     */
    void enqueue(String subscriptionId, String workspaceId, String messageId, WebhookPayload payload, boolean replay,
                 Instant createdAt) {
        fanOut.add(new Queued(subscriptionId, workspaceId, messageId, payload, replay, createdAt));
    }

    /** In the list's order, which the positions follow. */
    private void insert(List<Queued> deliveries) {
        jdbc.sql("""
                        INSERT INTO webhook_delivery (subscription_id, workspace_id, customer_id, message_id, event_type,
                            payload, replay, status, attempts, created_at)
                        SELECT s, w, u, m, t, p, r, 'pending', 0, c
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[],
                                    ?::timestamptz[]) WITH ORDINALITY AS d(s, w, u, m, t, p, r, c, n)
                        ORDER BY n""")
                .params(column(deliveries, Queued::subscriptionId), column(deliveries, Queued::workspaceId),
                        column(deliveries, d -> d.payload().customerId()), column(deliveries, Queued::messageId),
                        column(deliveries, d -> d.payload().type()), column(deliveries, d -> d.payload().json()),
                        column(deliveries, d -> Boolean.toString(d.replay())),
                        column(deliveries, d -> d.createdAt().toString()))
                .update();
    }

    private static String[] column(List<Queued> deliveries, Function<Queued, String> value) {
        return deliveries.stream().map(value).toArray(String[]::new);
    }

    /** An enabled subscription {@code e} whose head may be tried at {@code :now}, leased by no node. */
    private static final String CLAIMABLE = """
            e.enabled AND e.next_attempt_at <= :now AND (e.leased_until IS NULL OR e.leased_until <= :now)""";
    /** A claimable subscription {@code e} with a pending delivery. */
    private static final String DUE = CLAIMABLE + " AND EXISTS (SELECT 1 FROM webhook_delivery d"
            + " WHERE d.subscription_id = e.subscription_id AND d.status = 'pending')";

    /**
     * Leases up to {@code limit} enabled subscriptions that have a pending delivery and are due; other nodes skip
     * them (SKIP LOCKED, then the lease). Fair between workspaces ({@link FairClaims}): a subscription ranks among its
     * workspace's due ones oldest due first, and ties go to the longest due, so no workspace is starved.
     */
    List<Claimed> claim(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        UPDATE webhook_endpoint SET leased_until = :lease
                        WHERE subscription_id IN (
                            WITH %s,
                            due AS (SELECT e.subscription_id, e.workspace_id, e.next_attempt_at, row_number()
                                        OVER (PARTITION BY e.workspace_id ORDER BY e.next_attempt_at) AS rank
                                    FROM webhook_endpoint e WHERE %s)
                            SELECT e.subscription_id FROM due
                            JOIN webhook_endpoint e ON e.subscription_id = due.subscription_id
                            LEFT JOIN held ON held.workspace_id = due.workspace_id
                            -- checked again on the row locked: another node may have leased (and released) it
                            WHERE %s
                            ORDER BY %s, due.next_attempt_at
                            LIMIT :limit FOR UPDATE OF e SKIP LOCKED)
                        RETURNING subscription_id, workspace_id, url, leased_until, failing_since"""
                        .formatted(FairClaims.held("webhook_endpoint"), DUE, CLAIMABLE, FairClaims.PRIORITY))
                .param("lease", Timestamp.from(leaseUntil))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), instant(rs, 5)))
                .list();
    }

    /**
     * Whether a due subscription of another workspace, one holding fewer leases than {@code workspaceId}, waits for a
     * worker: then a worker of {@code workspaceId} gives its subscription back, and the claim gives that worker to
     * the one waiting.
     */
    boolean anotherWorkspaceWaitsWithFewerLeases(String workspaceId, Instant now) {
        return jdbc.sql(FairClaims.anotherWorkspaceWaitsWithFewerLeases("webhook_endpoint", "e", DUE))
                .param("workspace", workspaceId)
                .param("now", Timestamp.from(now))
                .query(Boolean.class)
                .single();
    }

    /** Extends this node's lease; false when it was lost (expired and taken), and the work must stop. */
    boolean renew(String subscriptionId, Instant held, Instant until) {
        return jdbc.sql("UPDATE webhook_endpoint SET leased_until = ? WHERE subscription_id = ? AND leased_until = ?")
                .params(Timestamp.from(until), subscriptionId, Timestamp.from(held))
                .update() == 1;
    }

    /** Gives the subscription back, due again at {@code nextAttemptAt}. */
    void release(String subscriptionId, Instant held, Instant nextAttemptAt) {
        jdbc.sql("""
                        UPDATE webhook_endpoint SET leased_until = NULL, next_attempt_at = ?
                        WHERE subscription_id = ? AND leased_until = ?""")
                .params(Timestamp.from(nextAttemptAt), subscriptionId, Timestamp.from(held))
                .update();
    }

    void failingSince(String subscriptionId, Instant since) {
        jdbc.sql("UPDATE webhook_endpoint SET failing_since = ? WHERE subscription_id = ?")
                .params(since == null ? null : Timestamp.from(since), subscriptionId)
                .update();
    }

    /** The subscription's next pending deliveries, in order. */
    List<Delivery> pending(String subscriptionId, int limit) {
        return jdbc.sql("""
                        SELECT position, message_id, payload, customer_id, replay, attempts, first_attempt_at
                        FROM webhook_delivery
                        WHERE subscription_id = ? AND status = 'pending' ORDER BY position LIMIT ?""")
                .params(subscriptionId, limit)
                .query((rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getInt(6), instant(rs, 7)))
                .list();
    }

    /**
     * The payload of a pending delivery as it reads now: an erasure may have rewritten it since its queue was read
     * ({@link #eraseCustomer}); empty when it is no longer pending (delivered by a next holder, its subscription gone).
     */
    Optional<String> pendingPayload(String subscriptionId, long position) {
        return jdbc.sql("""
                        SELECT payload FROM webhook_delivery
                        WHERE subscription_id = ? AND position = ? AND status = 'pending'""")
                .params(subscriptionId, position)
                .query(String.class)
                .optional();
    }

    /**
     * Records a failed attempt: {@code status} is failed or still pending (then {@code nextAttemptAt} says when
     * it is tried again); {@code httpStatus} is null when nothing answered. Only a pending delivery takes it: the
     * late failure of a worker that lost its lease never turns back one the next holder delivered.
     */
    void failedAttempt(String subscriptionId, Delivery delivery, String status, Instant at, Integer httpStatus,
                       String error, Instant nextAttemptAt) {
        jdbc.sql("""
                        UPDATE webhook_delivery SET status = ?, attempts = ?, first_attempt_at = COALESCE(first_attempt_at, ?),
                            last_attempt_at = ?, last_status = ?, last_error = ?, next_attempt_at = ?
                        WHERE subscription_id = ? AND position = ? AND status = 'pending'""")
                .params(status, delivery.attempts() + 1, Timestamp.from(at), Timestamp.from(at), httpStatus,
                        error.substring(0, Math.min(error.length(), MAX_ERROR)),
                        nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), subscriptionId,
                        delivery.position())
                .update();
    }

    /**
     * Records acknowledged deliveries, in one statement whose commit does not wait for the disk: a crash loses at
     * most these marks, and those deliveries are sent again with the same {@code webhook-id} (at least once). A
     * flush per delivery would cost each one an fsync and cap a subscription at a few dozen deliveries a second.
     * The batch's range of positions bounds the key's scan: joined only on the positions' list, the planner read the
     * subscription's whole log (every delivery it kept, and the dead rows) for each batch, and that one statement cost
     * more than all the rest of a delivery's SQL (docs/PERFORMANCE.md, Webhooks).
     * <p>
     * It waits for a locked row at most {@link #MARK_LOCK_TIMEOUT}, then tries again: the fan-out rewrites rows of many
     * subscriptions in one transaction (an erasure's payloads), so a mark waiting on one of them while holding another
     * the fan-out waits on is a deadlock, which PostgreSQL ends after its {@code deadlock_timeout} (1 s) by failing
     * either side. The mark gives way first, and the fan-out's batch, which every workspace's webhooks wait on, never
     * fails for it.
     */
    void delivered(String subscriptionId, List<Acknowledged> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        long[] positions = acknowledged.stream().mapToLong(a -> a.delivery().position()).toArray();
        long first = Arrays.stream(positions).min().orElseThrow();
        long last = Arrays.stream(positions).max().orElseThrow();
        long[] micros = acknowledged.stream()
                .mapToLong(a -> a.at().getEpochSecond() * 1_000_000 + a.at().getNano() / 1_000).toArray();
        int[] statuses = acknowledged.stream().mapToInt(Acknowledged::status).toArray();
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.executeWithoutResult(transaction -> {
                    jdbc.sql("SELECT set_config('synchronous_commit', 'off', true), set_config('lock_timeout', ?, true)")
                            .param(MARK_LOCK_TIMEOUT.toMillis() + "ms")
                            .query().singleRow();
                    jdbc.sql("""
                                    UPDATE webhook_delivery d SET status = 'delivered', attempts = d.attempts + 1,
                                        first_attempt_at = COALESCE(d.first_attempt_at, v.at), last_attempt_at = v.at,
                                        last_status = v.status, last_error = NULL, next_attempt_at = NULL, delivered_at = v.at
                                    FROM (SELECT p AS position, to_timestamp(m / 1000000.0) AS at, s AS status
                                          FROM unnest(?::bigint[], ?::bigint[], ?::int[]) AS u(p, m, s)) v
                                    WHERE d.subscription_id = ? AND d.position BETWEEN ? AND ? AND d.position = v.position""")
                            .params(positions, micros, statuses, subscriptionId, first, last)
                            .update();
                });
                return;
            } catch (DataAccessException e) {
                // lock_not_available: the lock timeout (Spring's default translation names no class for it)
                boolean gaveWay = e.getMostSpecificCause() instanceof SQLException sql && "55P03".equals(sql.getSQLState());
                if (!gaveWay || attempt == MARK_ATTEMPTS) {
                    throw e;
                }
                pause(MARK_LOCK_TIMEOUT);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while marking deliveries", e);
        }
    }

    /**
     * An erased customer (docs/gdpr-erasure.md): the payloads of its events that the workspace's subscriptions keep,
     * pending or done (kept 30 days), get its personal values erased ({@link WebhookCatalogue#erased}); this batch's
     * deliveries first. Found by the customer each delivery names (its {@code customer_id}, V60): a workspace's
     * deliveries are many, and reading each payload took about a second per erasure of the fan-out every workspace
     * waits on. Locked in the order of their positions, as a worker's delivered mark takes them.
     */
    void eraseCustomer(String workspaceId, String customerId) {
        fanOut.flush();
        eraseSelected(jdbc, """
                        SELECT position, payload, customer_id FROM webhook_delivery
                        WHERE customer_id = ? AND workspace_id = ? ORDER BY position FOR UPDATE""",
                customerId, workspaceId);
    }

    /**
     * Rewrites the payloads {@code select} answers as (position, payload, customer id) with that customer's personal
     * values erased ({@link WebhookCatalogue#erased}), in one statement; a payload about another customer stays.
     */
    static void eraseSelected(JdbcClient jdbc, String select, Object... params) {
        record Rewritten(long position, String payload) {
        }
        List<Rewritten> rewritten = jdbc.sql(select).params(params)
                .query((rs, n) -> new Rewritten(rs.getLong(1),
                        WebhookCatalogue.erased(rs.getString(2), rs.getString(3))))
                .list();
        if (!rewritten.isEmpty()) {
            jdbc.sql("""
                            UPDATE webhook_delivery d SET payload = v.payload
                            FROM unnest(?::bigint[], ?::text[]) AS v(position, payload) WHERE d.position = v.position""")
                    .params(rewritten.stream().mapToLong(Rewritten::position).toArray(),
                            rewritten.stream().map(Rewritten::payload).toArray(String[]::new))
                    .update();
        }
    }

    /** Forgets finished deliveries created before {@code before}; pending ones stay whatever their age. */
    int forgetFinished(Instant before) {
        return jdbc.sql("DELETE FROM webhook_delivery WHERE status <> 'pending' AND created_at < ?")
                .param(Timestamp.from(before))
                .update();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
