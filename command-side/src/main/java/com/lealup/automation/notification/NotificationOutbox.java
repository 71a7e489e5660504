package com.lealup.automation.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.automation.FairClaims;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The deliveries still to make ({@code notification_outbox}, command side): one row per requested
 * notification until it is delivered or failed, with its attempt count, the time of its next attempt and a
 * lease held by the node attempting it. Being in the database, pending deliveries survive a restart and
 * are shared by the nodes.
 */
@Component
class NotificationOutbox {

    static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    NotificationOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Pending(String notificationId, String workspaceId, String channel, String target, String text,
                   Map<String, Object> data, Instant requestedAt, Instant deadline, int attempts,
                   Instant leasedUntil) {
    }

    void add(NotificationRequested event, Instant deadline) {
        jdbc.sql("""
                        INSERT INTO notification_outbox (notification_id, workspace_id, channel, target, text, data,
                            requested_at, deadline, attempts, next_attempt_at, customer_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                        ON CONFLICT (notification_id) DO NOTHING""")
                .params(event.notificationId(), event.workspaceId(), event.channel(), event.target(), event.text(),
                        json(event.data()), Timestamp.from(event.requestedAt()), Timestamp.from(deadline),
                        Timestamp.from(event.requestedAt()), event.customerId())
                .update();
    }

    /** Drops the deliveries still due about an erased customer: their text and data are its personal data. */
    void forgetCustomer(String customerId) {
        jdbc.sql("DELETE FROM notification_outbox WHERE customer_id = ?").param(customerId).update();
    }

    /**
     * Reserves up to {@code limit} due deliveries until {@code leaseUntil}; other nodes skip them (SKIP LOCKED, then
     * the lease). Fair between workspaces ({@link FairClaims}): a delivery ranks among its workspace's due ones oldest
     * due first, and ties go to the longest due, so one workspace's flood to a slow target (each attempt up to the
     * request timeout) does not hold another's notification behind it. The workspaces are stepped through on their
     * index (one lookup each, however many rows are due), each giving at most {@code limit} candidates.
     */
    List<Pending> claim(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        UPDATE notification_outbox SET leased_until = :lease
                        WHERE notification_id IN (
                            WITH RECURSIVE %s,
                            %s,
                            due AS (SELECT d.notification_id, d.next_attempt_at, w.workspace_id, row_number()
                                        OVER (PARTITION BY w.workspace_id ORDER BY d.next_attempt_at) AS rank
                                    FROM workspaces w CROSS JOIN LATERAL (
                                        SELECT o.notification_id, o.next_attempt_at FROM notification_outbox o
                                        WHERE o.workspace_id = w.workspace_id AND o.next_attempt_at <= :now
                                          AND (o.leased_until IS NULL OR o.leased_until <= :now)
                                        ORDER BY o.next_attempt_at LIMIT :limit) d)
                            SELECT n.notification_id FROM due
                            JOIN notification_outbox n ON n.notification_id = due.notification_id
                            LEFT JOIN held ON held.workspace_id = due.workspace_id
                            -- checked again on the row locked: another node may have leased (and rescheduled) it
                            WHERE n.next_attempt_at <= :now AND (n.leased_until IS NULL OR n.leased_until <= :now)
                            ORDER BY %s, due.next_attempt_at
                            LIMIT :limit FOR UPDATE OF n SKIP LOCKED)
                        RETURNING notification_id, workspace_id, channel, target, text, data, requested_at, deadline,
                            attempts, leased_until""".formatted(FairClaims.workspaces("notification_outbox"),
                        FairClaims.held("notification_outbox"), FairClaims.PRIORITY))
                .param("lease", Timestamp.from(leaseUntil))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Pending(rs.getString("notification_id"), rs.getString("workspace_id"),
                        rs.getString("channel"), rs.getString("target"), rs.getString("text"),
                        map(rs.getString("data")), rs.getTimestamp("requested_at").toInstant(),
                        rs.getTimestamp("deadline").toInstant(), rs.getInt("attempts"),
                        rs.getTimestamp("leased_until").toInstant()))
                .list();
    }

    void reschedule(String notificationId, int attempts, Instant nextAttemptAt) {
        jdbc.sql("""
                        UPDATE notification_outbox SET attempts = ?, next_attempt_at = ?, leased_until = NULL
                        WHERE notification_id = ?""")
                .params(attempts, Timestamp.from(nextAttemptAt), notificationId)
                .update();
    }

    /** Ends this node's lease of a claimed delivery (a clean stop), due at once; a no-op once it is not this lease. */
    void release(String notificationId, Instant leasedUntil) {
        jdbc.sql("UPDATE notification_outbox SET leased_until = NULL WHERE notification_id = ? AND leased_until = ?")
                .params(notificationId, Timestamp.from(leasedUntil))
                .update();
    }

    /** Rows still to deliver, for the outbox depth metric. */
    long depth() {
        return jdbc.sql("SELECT count(*) FROM notification_outbox").query(Long.class).single();
    }

    void remove(String notificationId) {
        jdbc.sql("DELETE FROM notification_outbox WHERE notification_id = ?").param(notificationId).update();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Notification data is not JSON", e);
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable notification data", e);
        }
    }
}
