package com.lealup.read.analytics;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.projections.ReadModelTables;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The portfolio of any date without a replay: each customer's current state ({@code analytics_portfolio_customer}),
 * its dated states ({@code analytics_portfolio_interval}, for the top risks) and the daily change of the counts and
 * ARR per status and health status ({@code analytics_portfolio_change}, summed up to the date asked), and their sum per
 * month ({@code analytics_portfolio_month}, so that a date reads the months before its own and its month's days). The
 * current state carries the customer's version and health calculation: a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(PortfolioProjection.PROCESSING_GROUP)
@ReadModelTables({"analytics_portfolio_customer", "analytics_portfolio_interval", "analytics_portfolio_change",
        "analytics_portfolio_month"})
class PortfolioProjection {

    static final String PROCESSING_GROUP = "analytics-portfolio";
    static final String UNKNOWN_HEALTH = "unknown";

    private final JdbcClient jdbc;

    PortfolioProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the figures see of a customer from {@code from} on; a deleted customer counts nowhere. */
    record State(String status, BigDecimal arr, String healthStatus, Integer healthScore, boolean deleted,
                 Instant from) {

        boolean sameFigures(State other) {
            return status.equals(other.status) && arr.compareTo(other.arr) == 0
                    && Objects.equals(healthStatus, other.healthStatus)
                    && Objects.equals(healthScore, other.healthScore) && deleted == other.deleted;
        }

        State at(Instant at) {
            return new State(status, arr, healthStatus, healthScore, deleted, at);
        }
    }

    private record Head(long version, long healthCalculation, boolean purged, State state) {
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        CustomerFields f = event.fields();
        Timestamp at = Timestamp.from(event.createdAt());
        int inserted = jdbc.sql("""
                        INSERT INTO analytics_portfolio_customer (customer_id, workspace_id, name, version,
                            health_calculation, status, arr, deleted, purged, state_from)
                        VALUES (?, ?, ?, ?, 0, ?, ?, FALSE, FALSE, ?) ON CONFLICT (customer_id) DO NOTHING""")
                .params(event.customerId(), event.workspaceId(), f.name(), sequence + 1, f.status(), f.arr(), at)
                .update();
        if (inserted == 1) {
            State state = new State(f.status(), f.arr(), null, null, false, event.createdAt());
            openInterval(event.customerId(), event.workspaceId(), state);
            count(event.workspaceId(), state, 1);
        }
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        head(event.customerId()).filter(h -> !h.purged() && h.version() <= sequence).ifPresent(h -> {
            CustomerFields c = event.changes();
            State s = h.state();
            jdbc.sql("UPDATE analytics_portfolio_customer SET version = ?, name = COALESCE(?, name) WHERE customer_id = ?")
                    .params(sequence + 1, c.name(), event.customerId())
                    .update();
            change(event.customerId(), event.workspaceId(), s, new State(c.status() == null ? s.status() : c.status(),
                    c.arr() == null ? s.arr() : c.arr(), s.healthStatus(), s.healthScore(), s.deleted(),
                    event.updatedAt()));
        });
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), event.workspaceId(), sequence, true, event.deletedAt(), false);
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), event.workspaceId(), sequence, false, event.restoredAt(), false);
    }

    /** A purge ends a deleted customer: its figures stay in the past, its name goes. */
    @EventHandler
    void on(CustomerPurged event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), event.workspaceId(), sequence, true, event.purgedAt(), true);
    }

    @EventHandler
    void on(CustomerErased event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), event.workspaceId(), sequence, true, event.erasedAt(), true);
    }

    @EventHandler
    void on(HealthScoreCalculated event) {
        head(event.customerId()).filter(h -> !h.purged() && h.healthCalculation() < event.calculation()).ifPresent(h -> {
            jdbc.sql("UPDATE analytics_portfolio_customer SET health_calculation = ? WHERE customer_id = ?")
                    .params(event.calculation(), event.customerId())
                    .update();
            State s = h.state();
            change(event.customerId(), event.workspaceId(), s, new State(s.status(), s.arr(), event.status(),
                    event.score(), s.deleted(), event.calculatedAt()));
        });
    }

    @ResetHandler
    void reset() {
        jdbc.sql("""
                TRUNCATE analytics_portfolio_customer, analytics_portfolio_interval, analytics_portfolio_change,
                    analytics_portfolio_month""").update();
    }

    private void setDeleted(String customerId, String workspaceId, long sequence, boolean deleted, Instant at,
                            boolean purge) {
        head(customerId).filter(h -> !h.purged() && h.version() <= sequence).ifPresent(h -> {
            jdbc.sql("""
                            UPDATE analytics_portfolio_customer SET version = ?, purged = ?,
                                name = CASE WHEN ? THEN NULL ELSE name END
                            WHERE customer_id = ?""")
                    .params(sequence + 1, purge, purge, customerId)
                    .update();
            State s = h.state();
            change(customerId, workspaceId, s, new State(s.status(), s.arr(), s.healthStatus(), s.healthScore(),
                    deleted, at));
        });
    }

    private Optional<Head> head(String customerId) {
        return jdbc.sql("""
                        SELECT version, health_calculation, purged, status, arr, health_status, health_score, deleted,
                            state_from
                        FROM analytics_portfolio_customer WHERE customer_id = ?""")
                .param(customerId)
                .query((rs, i) -> new Head(rs.getLong("version"), rs.getLong("health_calculation"),
                        rs.getBoolean("purged"), new State(rs.getString("status"), rs.getBigDecimal("arr"),
                        rs.getString("health_status"), (Integer) rs.getObject("health_score"),
                        rs.getBoolean("deleted"), rs.getTimestamp("state_from").toInstant())))
                .optional();
    }

    /** Moves the customer from {@code before} to {@code after}: its current state, its intervals, the daily changes. */
    private void change(String customerId, String workspaceId, State before, State after) {
        if (before.sameFigures(after)) {
            return;
        }
        Instant from = Days.effective(after.from(), before.from());
        State next = after.at(from);
        jdbc.sql("""
                        UPDATE analytics_portfolio_customer SET status = ?, arr = ?, health_status = ?, health_score = ?,
                            deleted = ?, state_from = ?
                        WHERE customer_id = ?""")
                .params(next.status(), next.arr(), next.healthStatus(), next.healthScore(), next.deleted(),
                        Timestamp.from(from), customerId)
                .update();
        if (from.equals(before.from())) {
            // a second change at the same instant: the interval it opened is replaced
            jdbc.sql("DELETE FROM analytics_portfolio_interval WHERE customer_id = ? AND valid_from = ?")
                    .params(customerId, Timestamp.from(from))
                    .update();
        } else {
            jdbc.sql("UPDATE analytics_portfolio_interval SET valid_to = ? WHERE customer_id = ? AND valid_to IS NULL")
                    .params(Timestamp.from(from), customerId)
                    .update();
        }
        openInterval(customerId, workspaceId, next);
        count(workspaceId, before.at(from), -1);
        count(workspaceId, next, 1);
    }

    private void openInterval(String customerId, String workspaceId, State state) {
        jdbc.sql("""
                        INSERT INTO analytics_portfolio_interval (customer_id, valid_from, valid_to, workspace_id, status,
                            arr, health_status, health_score, deleted)
                        VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)""")
                .params(customerId, Timestamp.from(state.from()), workspaceId, state.status(), state.arr(),
                        state.healthStatus(), state.healthScore(), state.deleted())
                .update();
    }

    /** Adds (sign 1) or removes (sign -1) a customer's state to the figures of the day it takes effect and its month. */
    private void count(String workspaceId, State state, int sign) {
        if (state.deleted()) {
            return;
        }
        LocalDate day = Days.of(state.from());
        jdbc.sql("""
                        WITH day AS (
                            INSERT INTO analytics_portfolio_change (workspace_id, day, status, health_status, customers,
                                arr)
                            VALUES (:ws, :day, :status, :health, :customers, :arr)
                            ON CONFLICT (workspace_id, day, status, health_status) DO UPDATE SET
                                customers = analytics_portfolio_change.customers + EXCLUDED.customers,
                                arr = analytics_portfolio_change.arr + EXCLUDED.arr)
                        INSERT INTO analytics_portfolio_month (workspace_id, month, status, health_status, customers, arr)
                        VALUES (:ws, :month, :status, :health, :customers, :arr)
                        ON CONFLICT (workspace_id, month, status, health_status) DO UPDATE SET
                            customers = analytics_portfolio_month.customers + EXCLUDED.customers,
                            arr = analytics_portfolio_month.arr + EXCLUDED.arr""")
                .param("ws", workspaceId)
                .param("day", day)
                .param("month", day.withDayOfMonth(1))
                .param("status", state.status())
                .param("health", state.healthStatus() == null ? UNKNOWN_HEALTH : state.healthStatus())
                .param("customers", sign)
                .param("arr", sign < 0 ? state.arr().negate() : state.arr())
                .update();
    }
}
