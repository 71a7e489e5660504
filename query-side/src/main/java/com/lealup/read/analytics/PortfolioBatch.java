package com.lealup.read.analytics;

import com.lealup.read.ColumnArrays;
import com.lealup.read.analytics.PortfolioProjection.Head;
import com.lealup.read.analytics.PortfolioProjection.State;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a processor batch of events changes in the portfolio, held until the batch commits and then written in at most
 * five statements whatever its size: the customers the batch's events name, read together at the first of them; each
 * customer's row and the intervals it opens and ends, as the batch leaves them; and the daily changes added up per
 * day, status and health status, from which the statement adds the month sums. One event by one (a dead letter's
 * retry, a test), a batch holds that event only and gives the same rows.
 * <p>
 * A customer's events come in order in one segment ({@link PortfolioProcessingConfiguration}), so the rows a batch
 * read are still as it read them when it writes them. Segments do share the day and month rows of a workspace: each
 * batch adds to them in one order (the keys sorted), so two batches wait for each other without a deadlock.
 */
final class PortfolioBatch {

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

    private final JdbcTemplate jdbc;
    /** The customers the batch's events name that are not read yet. */
    private final Set<String> unread;
    private final Map<String, Customer> customers = new HashMap<>();
    /** The daily changes, in the order every batch writes them. */
    private final Map<Day, Change> changes = new TreeMap<>(Comparator.comparing(Day::workspaceId)
            .thenComparing(Day::day).thenComparing(Day::status).thenComparing(Day::healthStatus));

    PortfolioBatch(JdbcTemplate jdbc, Set<String> customerIds) {
        this.jdbc = jdbc;
        this.unread = new LinkedHashSet<>(customerIds);
    }

    /** A customer's row as the batch leaves it so far; none before its creation, as after its row's. */
    Optional<Head> head(String customerId) {
        if (!customers.containsKey(customerId)) {
            read(customerId);
        }
        return Optional.ofNullable(customers.get(customerId).head);
    }

    /** A customer with no row yet ({@link #head} empty) starts in {@code head}'s state. */
    void create(Head head) {
        Head created = head.in(stored(head.state()));
        Change added = Change.of(created.state(), 1);
        Customer customer = customers.get(created.customerId());
        customer.head = created;
        customer.changed = true;
        customer.opened.add(new Interval(created.state(), null));
        count(created, added);
    }

    /**
     * The customer's row becomes {@code next}. If its figures change, they do from {@code next}'s time or from the
     * time of its current state if that is later (clocks of different aggregates): its current interval ends then,
     * or is replaced if it started at that very instant, and its day's changes move it from one figure to the other.
     */
    void set(Head next) {
        Customer customer = customers.get(next.customerId());
        State before = customer.head.state();
        State proposed = stored(next.state());
        customer.changed = true;
        if (before.sameFigures(proposed)) {
            customer.head = next.in(before);
            return;
        }
        State after = proposed.at(Days.effective(proposed.from(), before.from()));
        Change removed = Change.of(before.at(after.from()), -1);
        Change added = Change.of(after, 1);
        boolean replaced = after.from().equals(before.from());
        if (customer.opened.isEmpty()) {
            customer.storedEnd = replaced ? null : after.from();
            customer.storedEnded = true;
        } else if (replaced) {
            customer.opened.remove(customer.opened.size() - 1);
        } else {
            customer.opened.add(customer.opened.remove(customer.opened.size() - 1).endingAt(after.from()));
        }
        customer.opened.add(new Interval(after, null));
        customer.head = next.in(after);
        count(next, removed);
        count(next, added);
    }

    /** Sends what the batch changed, then forgets it: the next events read the rows again. */
    void write() {
        try {
            List<Customer> changed = customers.values().stream().filter(Customer::changed).toList();
            send(WRITE_CUSTOMERS, changed, List.of(c -> c.head.customerId(), c -> c.head.workspaceId(),
                    c -> c.head.name(), c -> c.head.version(), c -> c.head.healthCalculation(), c -> c.head.purged(),
                    c -> c.head.state().status(), c -> c.head.state().arr(), c -> c.head.state().healthStatus(),
                    c -> c.head.state().healthScore(), c -> c.head.state().deleted(), c -> c.head.state().from()));
            send(END_STORED_INTERVALS, changed.stream().filter(c -> c.storedEnded).toList(),
                    List.of(c -> c.head.customerId(), c -> c.storedEnd));
            List<Map.Entry<Head, Interval>> opened = new ArrayList<>();
            changed.forEach(c -> c.opened.forEach(i -> opened.add(Map.entry(c.head, i))));
            send(INSERT_INTERVALS, opened, List.of(o -> o.getKey().customerId(), o -> o.getValue().state().from(),
                    o -> o.getValue().to(), o -> o.getKey().workspaceId(), o -> o.getValue().state().status(),
                    o -> o.getValue().state().arr(), o -> o.getValue().state().healthStatus(),
                    o -> o.getValue().state().healthScore(), o -> o.getValue().state().deleted()));
            send(ADD_CHANGES, new ArrayList<>(changes.entrySet()), List.of(c -> c.getKey().workspaceId(),
                    c -> c.getKey().day(), c -> c.getKey().status(), c -> c.getKey().healthStatus(),
                    c -> c.getValue().customers(), c -> c.getValue().arr()));
        } finally {
            customers.clear();
            changes.clear();
        }
    }

    private void read(String customerId) {
        unread.add(customerId);
        unread.removeAll(customers.keySet());
        List<String> ids = List.copyOf(unread);
        Map<String, Head> found = new LinkedHashMap<>();
        jdbc.query(READ, ColumnArrays.of(ids, List.<Function<String, Object>>of(id -> id)), rs -> {
            found.put(rs.getString("customer_id"), new Head(rs.getString("customer_id"), rs.getString("workspace_id"),
                    rs.getString("name"), rs.getLong("version"), rs.getLong("health_calculation"),
                    rs.getBoolean("purged"), new State(rs.getString("status"), rs.getBigDecimal("arr"),
                    rs.getString("health_status"), (Integer) rs.getObject("health_score"), rs.getBoolean("deleted"),
                    rs.getTimestamp("state_from").toInstant())));
        });
        ids.forEach(id -> customers.put(id, new Customer(found.get(id))));
        unread.clear();
    }

    private void count(Head customer, Change change) {
        if (change != null) {
            changes.merge(new Day(customer.workspaceId(), change.day(), change.status(), change.healthStatus()),
                    change, Change::plus);
        }
    }

    private <R> void send(String sql, List<R> rows, List<Function<R, Object>> columns) {
        if (!rows.isEmpty()) {
            jdbc.update(sql, ColumnArrays.of(rows, columns));
        }
    }

    /** As PostgreSQL keeps it (to the microsecond, rounded): what the batch compares is what a later batch reads. */
    private static State stored(State state) {
        return state.at(state.from().plusNanos(500).truncatedTo(ChronoUnit.MICROS));
    }

    /** A customer the batch has read: its row as the batch leaves it, and the intervals it opens and ends. */
    private static final class Customer {

        private Head head;
        private boolean changed;
        /** Whether the interval that was current before the batch ends, and when (null: replaced). */
        private boolean storedEnded;
        private Instant storedEnd;
        private final List<Interval> opened = new ArrayList<>();

        Customer(Head stored) {
            this.head = stored;
        }

        boolean changed() {
            return changed;
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
                    ? PortfolioProjection.UNKNOWN_HEALTH : state.healthStatus(), sign,
                    sign < 0 ? state.arr().negate() : state.arr());
        }

        Change plus(Change other) {
            return new Change(day, status, healthStatus, customers + other.customers, arr.add(other.arr));
        }
    }
}
