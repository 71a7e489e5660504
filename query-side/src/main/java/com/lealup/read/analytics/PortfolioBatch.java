package com.lealup.read.analytics;

import com.lealup.api.analytics.Portfolio;
import com.lealup.read.analytics.PortfolioProjection.Head;
import com.lealup.read.analytics.PortfolioProjection.State;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a processor batch of events changes in the portfolio ({@link AnalyticsBatch}), written in at most four
 * statements whatever its size: the customers' rows as the batch leaves them ({@link CustomerRows}, read in one
 * statement), the ends of the intervals that were current before it, the intervals it opens, and the daily changes
 * added up per day, status and health status ({@link Sums}), from which the same statement adds the month sums.
 */
final class PortfolioBatch implements AnalyticsBatch.Changes {

    private static final String READ = """
            SELECT customer_id, workspace_id, name, version, health_calculation, purged, status, arr, health_status,
                health_score, deleted, state_from
            FROM analytics_portfolio_customer WHERE customer_id = ANY (?::text[])""";
    private static final String WRITE_CUSTOMERS = """
            INSERT INTO analytics_portfolio_customer AS c (customer_id, workspace_id, name, version, health_calculation,
                purged, status, arr, health_status, health_score, deleted, state_from)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[], ?::text[],
                ?::numeric[], ?::text[], ?::integer[], ?::boolean[], ?::timestamptz[])
            ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version,
                health_calculation = EXCLUDED.health_calculation, purged = EXCLUDED.purged, status = EXCLUDED.status,
                arr = EXCLUDED.arr, health_status = EXCLUDED.health_status, health_score = EXCLUDED.health_score,
                deleted = EXCLUDED.deleted, state_from = EXCLUDED.state_from""";
    /** A customer's current interval, as it was before the batch, ends at an instant, or is replaced (no instant). */
    private static final String END_STORED_INTERVALS = """
            WITH e AS (SELECT * FROM unnest(?::text[], ?::timestamptz[]) AS e(customer_id, valid_to)),
            ended AS (
                UPDATE analytics_portfolio_interval i SET valid_to = e.valid_to FROM e
                WHERE e.valid_to IS NOT NULL AND i.customer_id = e.customer_id AND i.valid_to IS NULL)
            DELETE FROM analytics_portfolio_interval i USING e
            WHERE e.valid_to IS NULL AND i.customer_id = e.customer_id AND i.valid_to IS NULL""";
    private static final String INSERT_INTERVALS = """
            INSERT INTO analytics_portfolio_interval (customer_id, valid_from, valid_to, workspace_id, status, arr,
                health_status, health_score, deleted)
            SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::numeric[],
                ?::text[], ?::integer[], ?::boolean[])""";
    private static final String ADD_CHANGES = """
            WITH r AS (SELECT * FROM unnest(?::text[], ?::date[], ?::text[], ?::text[], ?::integer[], ?::numeric[])
                AS r(workspace_id, day, status, health_status, customers, arr)),
            days AS (
                INSERT INTO analytics_portfolio_change AS t (workspace_id, day, status, health_status, customers, arr)
                SELECT * FROM r
                ON CONFLICT (workspace_id, day, status, health_status) DO UPDATE SET
                    customers = t.customers + EXCLUDED.customers, arr = t.arr + EXCLUDED.arr)
            INSERT INTO analytics_portfolio_month AS t (workspace_id, month, status, health_status, customers, arr)
            SELECT workspace_id, CAST(date_trunc('month', CAST(day AS timestamp)) AS date), status, health_status,
                SUM(customers), SUM(arr)
            FROM r GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            ON CONFLICT (workspace_id, month, status, health_status) DO UPDATE SET
                customers = t.customers + EXCLUDED.customers, arr = t.arr + EXCLUDED.arr""";

    private static final CustomerRows.Table<Head> CUSTOMERS = new CustomerRows.Table<>(READ, (rs, i) -> new Head(
            rs.getString("customer_id"), rs.getString("workspace_id"), rs.getString("name"), rs.getLong("version"),
            rs.getLong("health_calculation"), rs.getBoolean("purged"), new State(rs.getString("status"),
            rs.getBigDecimal("arr"), rs.getString("health_status"), (Integer) rs.getObject("health_score"),
            rs.getBoolean("deleted"), rs.getTimestamp("state_from").toInstant())), Head::customerId, WRITE_CUSTOMERS,
            List.of(Head::customerId, Head::workspaceId, Head::name, Head::version, Head::healthCalculation,
                    Head::purged, h -> h.state().status(), h -> h.state().arr(), h -> h.state().healthStatus(),
                    h -> h.state().healthScore(), h -> h.state().deleted(), h -> h.state().from()));
    private static final Sums.Table<Day, Change> CHANGES = new Sums.Table<>(Comparator.comparing(Day::workspaceId)
            .thenComparing(Day::day).thenComparing(Day::status).thenComparing(Day::healthStatus), Change::plus,
            ADD_CHANGES, List.of(c -> c.getKey().workspaceId(), c -> c.getKey().day(), c -> c.getKey().status(),
            c -> c.getKey().healthStatus(), c -> c.getValue().customers(), c -> c.getValue().arr()));

    private final JdbcTemplate jdbc;
    private final CustomerRows<Head> customers;
    /** The intervals of the customers the batch changed. */
    private final Map<String, Intervals> intervals = new LinkedHashMap<>();
    private final Sums<Day, Change> changes;

    PortfolioBatch(JdbcTemplate jdbc, Set<String> customerIds) {
        this.jdbc = jdbc;
        this.customers = new CustomerRows<>(jdbc, CUSTOMERS, customerIds);
        this.changes = new Sums<>(jdbc, CHANGES);
    }

    /** A customer's row as the batch leaves it so far; none before its creation, as after its row's. */
    Optional<Head> head(String customerId) {
        return customers.get(customerId);
    }

    /** A customer with no row yet ({@link #head} empty) starts in {@code head}'s state. */
    void create(Head head) {
        Head created = head.in(head.state().at(Days.stored(head.state().from())));
        customers.put(created);
        intervals(created).opened.add(new Interval(created.state(), null));
        count(created, Change.of(created.state(), 1));
    }

    /**
     * The customer's row becomes {@code next}. If its figures change, they do from {@code next}'s time or from the
     * time of its current state if that is later (clocks of different aggregates): its current interval ends then,
     * or is replaced if it started at that very instant, and its day's changes move it from one figure to the other.
     */
    void set(Head next) {
        State before = customers.get(next.customerId()).orElseThrow().state();
        State proposed = next.state().at(Days.stored(next.state().from()));
        if (before.sameFigures(proposed)) {
            customers.put(next.in(before));
            return;
        }
        State after = proposed.at(Days.effective(proposed.from(), before.from()));
        boolean replaced = after.from().equals(before.from());
        Intervals customer = intervals(next);
        if (customer.opened.isEmpty()) {
            customer.storedEnd = replaced ? null : after.from();
            customer.storedEnded = true;
        } else if (replaced) {
            customer.opened.remove(customer.opened.size() - 1);
        } else {
            customer.opened.add(customer.opened.remove(customer.opened.size() - 1).endingAt(after.from()));
        }
        customer.opened.add(new Interval(after, null));
        customers.put(next.in(after));
        count(next, Change.of(before.at(after.from()), -1));
        count(next, Change.of(after, 1));
    }

    /** Sends what the batch changed, then forgets it: the next events read the rows again. */
    @Override
    public void write() {
        try {
            customers.write();
            AnalyticsBatch.writeRows(jdbc, END_STORED_INTERVALS,
                    intervals.values().stream().filter(c -> c.storedEnded).toList(),
                    List.of(c -> c.customer.customerId(), c -> c.storedEnd));
            List<Map.Entry<Head, Interval>> opened = new ArrayList<>();
            intervals.values().forEach(c -> c.opened.forEach(i -> opened.add(Map.entry(c.customer, i))));
            AnalyticsBatch.writeRows(jdbc, INSERT_INTERVALS, opened, List.of(o -> o.getKey().customerId(),
                    o -> o.getValue().state().from(), o -> o.getValue().to(), o -> o.getKey().workspaceId(),
                    o -> o.getValue().state().status(), o -> o.getValue().state().arr(),
                    o -> o.getValue().state().healthStatus(), o -> o.getValue().state().healthScore(),
                    o -> o.getValue().state().deleted()));
            changes.write();
        } finally {
            intervals.clear();
        }
    }

    private Intervals intervals(Head customer) {
        return intervals.computeIfAbsent(customer.customerId(), id -> new Intervals(customer));
    }

    private void count(Head customer, Change change) {
        if (change != null) {
            changes.add(new Day(customer.workspaceId(), change.day(), change.status(), change.healthStatus()),
                    change);
        }
    }

    /** The intervals a customer opens in the batch, and whether and when the one current before it ends. */
    private static final class Intervals {

        private final Head customer;
        /** Whether the interval that was current before the batch ends, and when (null: replaced). */
        private boolean storedEnded;
        private Instant storedEnd;
        private final List<Interval> opened = new ArrayList<>();

        Intervals(Head customer) {
            this.customer = customer;
        }
    }

    private record Interval(State state, Instant to) {

        Interval endingAt(Instant at) {
            return new Interval(state, at);
        }
    }

    private record Day(String workspaceId, LocalDate day, String status, String healthStatus) {
    }

    /** A change of a day's figures; none for a deleted customer's state, which counts nowhere. */
    private record Change(LocalDate day, String status, String healthStatus, int customers, BigDecimal arr) {

        static Change of(State state, int sign) {
            if (state.deleted()) {
                return null;
            }
            return new Change(Days.of(state.from()), state.status(), state.healthStatus() == null
                    ? Portfolio.UNKNOWN_HEALTH : state.healthStatus(), sign,
                    sign < 0 ? state.arr().negate() : state.arr());
        }

        Change plus(Change other) {
            return new Change(day, status, healthStatus, customers + other.customers, arr.add(other.arr));
        }
    }
}
