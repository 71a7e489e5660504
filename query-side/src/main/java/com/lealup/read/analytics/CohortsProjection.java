package com.lealup.read.analytics;

import com.lealup.api.analytics.FindCohorts;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ReadModelTables;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Retention cohorts: each customer's state and month cohort ({@code analytics_cohort_customer}, guarded by its
 * version) and, per month cohort and day, the members who joined and the change of the members retained and their
 * ARR ({@code analytics_cohort_change}), and the same summed per month ({@code analytics_cohort_month}). Any period's
 * figures are sums of those changes up to its end. What a processor batch changes is written as it commits
 * ({@link AnalyticsBatch}).
 */
@Component
@ProcessingGroup(FindCohorts.PROCESSING_GROUP)
@Lingers
@ReadModelTables({"analytics_cohort_customer", "analytics_cohort_change", "analytics_cohort_month"})
class CohortsProjection {

    private static final String ACTIVE = "active";
    private static final String CHURNED = "churned";

    private static final CustomerRows.Table<Member> MEMBERS = new CustomerRows.Table<>("""
            SELECT customer_id, workspace_id, version, status, arr, deleted, cohort_month, state_from
            FROM analytics_cohort_customer WHERE customer_id = ANY (?::text[])""",
            (rs, i) -> new Member(rs.getString("customer_id"), rs.getString("workspace_id"), rs.getLong("version"),
                    rs.getString("status"), rs.getBigDecimal("arr"), rs.getBoolean("deleted"),
                    rs.getObject("cohort_month", LocalDate.class), rs.getTimestamp("state_from").toInstant()),
            Member::customerId, """
            INSERT INTO analytics_cohort_customer (customer_id, workspace_id, version, status, arr, deleted,
                cohort_month, state_from)
            SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::numeric[], ?::boolean[], ?::date[],
                ?::timestamptz[])
            ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status,
                arr = EXCLUDED.arr, deleted = EXCLUDED.deleted, cohort_month = EXCLUDED.cohort_month,
                state_from = EXCLUDED.state_from""",
            List.of(Member::customerId, Member::workspaceId, Member::version, Member::status, Member::arr,
                    Member::deleted, Member::cohortMonth, Member::from));
    private static final Sums.Table<Day, Change> CHANGES = new Sums.Table<>(Comparator.comparing(Day::workspaceId)
            .thenComparing(Day::cohortMonth).thenComparing(Day::day), Change::plus, """
            WITH r AS (SELECT * FROM unnest(?::text[], ?::date[], ?::date[], ?::integer[], ?::numeric[], ?::integer[],
                    ?::numeric[]) AS r(workspace_id, cohort_month, day, size, starting_arr, customers, arr)),
            days AS (
                INSERT INTO analytics_cohort_change AS t (workspace_id, cohort_month, day, size, starting_arr,
                    customers, arr)
                SELECT * FROM r
                ON CONFLICT (workspace_id, cohort_month, day) DO UPDATE SET size = t.size + EXCLUDED.size,
                    starting_arr = t.starting_arr + EXCLUDED.starting_arr,
                    customers = t.customers + EXCLUDED.customers, arr = t.arr + EXCLUDED.arr)
            INSERT INTO analytics_cohort_month AS t (workspace_id, cohort_month, month, size, starting_arr, customers,
                arr)
            SELECT workspace_id, cohort_month, CAST(date_trunc('month', CAST(day AS timestamp)) AS date), SUM(size),
                SUM(starting_arr), SUM(customers), SUM(arr)
            FROM r GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (workspace_id, month, cohort_month) DO UPDATE SET size = t.size + EXCLUDED.size,
                starting_arr = t.starting_arr + EXCLUDED.starting_arr,
                customers = t.customers + EXCLUDED.customers, arr = t.arr + EXCLUDED.arr""",
            List.of(c -> c.getKey().workspaceId(), c -> c.getKey().cohortMonth(), c -> c.getKey().day(),
                    c -> c.getValue().size(), c -> c.getValue().startingArr(), c -> c.getValue().customers(),
                    c -> c.getValue().arr()));

    private final JdbcTemplate jdbc;
    private final AnalyticsBatch<CustomerChanges<Member, Day, Change>> batch;

    CohortsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.batch = new AnalyticsBatch<>(FindCohorts.PROCESSING_GROUP, customers -> new CustomerChanges<>(
                new CustomerRows<>(jdbc, MEMBERS, customers), new Sums<>(jdbc, CHANGES)));
    }

    private record Member(String customerId, String workspaceId, long version, String status, BigDecimal arr,
                          boolean deleted, LocalDate cohortMonth, Instant from) {

        boolean retained() {
            return cohortMonth != null && !deleted && !CHURNED.equals(status);
        }

        Member with(String status, BigDecimal arr, boolean deleted) {
            return new Member(customerId, workspaceId, version, status, arr, deleted, cohortMonth, from);
        }
    }

    /** A day's change of a month cohort. */
    private record Day(String workspaceId, LocalDate cohortMonth, LocalDate day) {
    }

    /** Members joining (size, starting ARR), and the change of the members retained and of their ARR. */
    private record Change(int size, BigDecimal startingArr, int customers, BigDecimal arr) {

        Change plus(Change other) {
            return new Change(size + other.size, startingArr.add(other.startingArr), customers + other.customers,
                    arr.add(other.arr));
        }
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        CustomerFields f = event.fields();
        Instant at = Days.stored(event.createdAt());
        LocalDate cohort = ACTIVE.equals(f.status()) ? Days.monthOf(at) : null;
        batch.apply(cohorts -> {
            if (cohorts.customers().get(event.customerId()).isEmpty()) {
                cohorts.customers().put(new Member(event.customerId(), event.workspaceId(), sequence + 1, f.status(),
                        f.arr(), false, cohort, at));
                if (cohort != null) {
                    cohorts.sums().add(new Day(event.workspaceId(), cohort, Days.of(at)),
                            new Change(1, f.arr(), 1, f.arr()));
                }
            }
        });
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        CustomerFields c = event.changes();
        change(event.customerId(), sequence, event.updatedAt(), m -> m.with(c.status() == null ? m.status()
                : c.status(), c.arr() == null ? m.arr() : c.arr(), m.deleted()));
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, event.deletedAt(), m -> m.with(m.status(), m.arr(), true));
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, event.restoredAt(), m -> m.with(m.status(), m.arr(), false));
    }

    /** A purged customer stays what it was since its deletion: out of its cohort's retained members. */
    @EventHandler
    void on(CustomerPurged event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, event.purgedAt(), m -> m.with(m.status(), m.arr(), true));
    }

    @EventHandler
    void on(CustomerErased event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, event.erasedAt(), m -> m.with(m.status(), m.arr(), true));
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE analytics_cohort_customer, analytics_cohort_change, analytics_cohort_month");
    }

    private void change(String customerId, long sequence, Instant at, UnaryOperator<Member> change) {
        batch.apply(cohorts -> cohorts.customers().get(customerId).filter(m -> m.version() <= sequence)
                .ifPresent(before -> {
                    Member after = change.apply(before);
                    Instant from = Days.effective(Days.stored(at), before.from());
                    LocalDate cohort = before.cohortMonth();
                    boolean joins = cohort == null && ACTIVE.equals(after.status()) && !after.deleted();
                    Change changed = null;
                    if (joins) {
                        cohort = Days.monthOf(from);
                        changed = new Change(1, after.arr(), 1, after.arr());
                    } else if (cohort != null) {
                        int customers = (after.retained() ? 1 : 0) - (before.retained() ? 1 : 0);
                        BigDecimal arr = (after.retained() ? after.arr() : BigDecimal.ZERO)
                                .subtract(before.retained() ? before.arr() : BigDecimal.ZERO);
                        if (customers != 0 || arr.signum() != 0) {
                            changed = new Change(0, BigDecimal.ZERO, customers, arr);
                        }
                    }
                    if (changed != null) {
                        cohorts.sums().add(new Day(before.workspaceId(), cohort, Days.of(from)), changed);
                    }
                    cohorts.customers().put(new Member(customerId, before.workspaceId(), sequence + 1, after.status(),
                            after.arr(), after.deleted(), cohort, from));
                }));
    }
}
