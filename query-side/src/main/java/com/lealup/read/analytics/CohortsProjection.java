package com.lealup.read.analytics;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.projections.ReadModelTables;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Retention cohorts: each customer's state and month cohort ({@code analytics_cohort_customer}, guarded by its
 * version) and, per month cohort and day, the members who joined and the change of the members retained and their
 * ARR ({@code analytics_cohort_change}), and the same summed per month ({@code analytics_cohort_month}). Any period's
 * figures are sums of those changes up to its end.
 */
@Component
@ProcessingGroup(CohortsProjection.PROCESSING_GROUP)
@ReadModelTables({"analytics_cohort_customer", "analytics_cohort_change", "analytics_cohort_month"})
class CohortsProjection {

    static final String PROCESSING_GROUP = "analytics-cohorts";
    private static final String ACTIVE = "active";
    private static final String CHURNED = "churned";

    private final JdbcClient jdbc;

    CohortsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Member(long version, String status, BigDecimal arr, boolean deleted, LocalDate cohortMonth,
                          Instant from) {

        boolean retained() {
            return cohortMonth != null && !deleted && !CHURNED.equals(status);
        }
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        CustomerFields f = event.fields();
        LocalDate cohort = ACTIVE.equals(f.status()) ? Days.monthOf(event.createdAt()) : null;
        int inserted = jdbc.sql("""
                        INSERT INTO analytics_cohort_customer (customer_id, workspace_id, version, status, arr, deleted,
                            cohort_month, state_from)
                        VALUES (?, ?, ?, ?, ?, FALSE, ?, ?) ON CONFLICT (customer_id) DO NOTHING""")
                .params(event.customerId(), event.workspaceId(), sequence + 1, f.status(), f.arr(),
                        cohort, Timestamp.from(event.createdAt()))
                .update();
        if (inserted == 1 && cohort != null) {
            add(event.workspaceId(), cohort, event.createdAt(), 1, f.arr(), 1, f.arr());
        }
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        CustomerFields c = event.changes();
        change(event.customerId(), event.workspaceId(), sequence, event.updatedAt(),
                m -> new Member(m.version(), c.status() == null ? m.status() : c.status(),
                        c.arr() == null ? m.arr() : c.arr(), m.deleted(), m.cohortMonth(), m.from()));
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, event.deletedAt(), m -> deleted(m, true));
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, event.restoredAt(), m -> deleted(m, false));
    }

    /** A purged customer stays what it was since its deletion: out of its cohort's retained members. */
    @EventHandler
    void on(CustomerPurged event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, event.purgedAt(), m -> deleted(m, true));
    }

    @EventHandler
    void on(CustomerErased event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, event.erasedAt(), m -> deleted(m, true));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE analytics_cohort_customer, analytics_cohort_change, analytics_cohort_month").update();
    }

    private static Member deleted(Member m, boolean deleted) {
        return new Member(m.version(), m.status(), m.arr(), deleted, m.cohortMonth(), m.from());
    }

    private void change(String customerId, String workspaceId, long sequence, Instant at,
                        UnaryOperator<Member> change) {
        Optional<Member> found = member(customerId).filter(m -> m.version() <= sequence);
        if (found.isEmpty()) {
            return;
        }
        Member before = found.get();
        Member after = change.apply(before);
        Instant from = Days.effective(at, before.from());
        LocalDate cohort = before.cohortMonth();
        boolean joins = cohort == null && ACTIVE.equals(after.status()) && !after.deleted();
        if (joins) {
            cohort = Days.monthOf(from);
            add(workspaceId, cohort, from, 1, after.arr(), 1, after.arr());
        } else if (cohort != null) {
            int customers = (after.retained() ? 1 : 0) - (before.retained() ? 1 : 0);
            BigDecimal arr = (after.retained() ? after.arr() : BigDecimal.ZERO)
                    .subtract(before.retained() ? before.arr() : BigDecimal.ZERO);
            if (customers != 0 || arr.signum() != 0) {
                add(workspaceId, cohort, from, 0, BigDecimal.ZERO, customers, arr);
            }
        }
        jdbc.sql("""
                        UPDATE analytics_cohort_customer SET version = ?, status = ?, arr = ?, deleted = ?,
                            cohort_month = ?, state_from = ?
                        WHERE customer_id = ?""")
                .params(sequence + 1, after.status(), after.arr(), after.deleted(),
                        cohort, Timestamp.from(from), customerId)
                .update();
    }

    private Optional<Member> member(String customerId) {
        return jdbc.sql("""
                        SELECT version, status, arr, deleted, cohort_month, state_from
                        FROM analytics_cohort_customer WHERE customer_id = ?""")
                .param(customerId)
                .query((rs, i) -> new Member(rs.getLong("version"), rs.getString("status"), rs.getBigDecimal("arr"),
                        rs.getBoolean("deleted"),
                        rs.getObject("cohort_month", LocalDate.class),
                        rs.getTimestamp("state_from").toInstant()))
                .optional();
    }

    private void add(String workspaceId, LocalDate cohort, Instant at, int size, BigDecimal startingArr, int customers,
                     BigDecimal arr) {
        LocalDate day = Days.of(at);
        jdbc.sql("""
                        WITH day AS (
                            INSERT INTO analytics_cohort_change (workspace_id, cohort_month, day, size, starting_arr,
                                customers, arr)
                            VALUES (:ws, :cohort, :day, :size, :startingArr, :customers, :arr)
                            ON CONFLICT (workspace_id, cohort_month, day) DO UPDATE SET
                                size = analytics_cohort_change.size + EXCLUDED.size,
                                starting_arr = analytics_cohort_change.starting_arr + EXCLUDED.starting_arr,
                                customers = analytics_cohort_change.customers + EXCLUDED.customers,
                                arr = analytics_cohort_change.arr + EXCLUDED.arr)
                        INSERT INTO analytics_cohort_month (workspace_id, cohort_month, month, size, starting_arr,
                            customers, arr)
                        VALUES (:ws, :cohort, :month, :size, :startingArr, :customers, :arr)
                        ON CONFLICT (workspace_id, month, cohort_month) DO UPDATE SET
                            size = analytics_cohort_month.size + EXCLUDED.size,
                            starting_arr = analytics_cohort_month.starting_arr + EXCLUDED.starting_arr,
                            customers = analytics_cohort_month.customers + EXCLUDED.customers,
                            arr = analytics_cohort_month.arr + EXCLUDED.arr""")
                .param("ws", workspaceId)
                .param("cohort", cohort)
                .param("day", day)
                .param("month", day.withDayOfMonth(1))
                .param("size", size)
                .param("startingArr", startingArr)
                .param("customers", customers)
                .param("arr", arr)
                .update();
    }
}
