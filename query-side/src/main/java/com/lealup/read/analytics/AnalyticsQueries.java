package com.lealup.read.analytics;

import com.lealup.api.analytics.Cohorts;
import com.lealup.api.analytics.FindCohorts;
import com.lealup.api.analytics.FindPortfolio;
import com.lealup.api.analytics.FindRenewals;
import com.lealup.api.analytics.Portfolio;
import com.lealup.api.analytics.Renewals;
import com.lealup.api.analytics.Tally;
import com.lealup.api.customer.CustomerLifecycle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the analytics queries from the three analytics read models (docs/analytics.md). */
@Component
class AnalyticsQueries {

    private static final String CHURNED = "churned";
    /** How many at-risk intervals a dated top-risks read walks by ARR before it asks the time index. */
    private static final int RISK_WALK = 2000;
    private static final int TOP_RISKS = 10;

    private final JdbcClient jdbc;

    AnalyticsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Portfolio handle(FindPortfolio query) {
        Map<String, Tally> byStatus = zeros(CustomerLifecycle.STATUSES);
        Map<String, Tally> health = zeros(Portfolio.HEALTH_DISTRIBUTION);
        // the changes up to the date: the months before its own, then its month's days (every month for now)
        jdbc.sql("""
                        SELECT status, health_status, SUM(customers) AS customers, SUM(arr) AS arr FROM (
                            SELECT status, health_status, customers, arr FROM analytics_portfolio_month
                            WHERE workspace_id = :ws AND (CAST(:month AS date) IS NULL OR month < :month)
                            UNION ALL
                            SELECT status, health_status, customers, arr FROM analytics_portfolio_change
                            WHERE workspace_id = :ws AND day >= :month AND day <= :asOf) changes
                        GROUP BY status, health_status""")
                .param("ws", query.workspaceId())
                .param("month", monthOf(query.asOf()))
                .param("asOf", query.asOf())
                .query(rs -> {
                    long count = rs.getLong("customers");
                    BigDecimal arr = rs.getBigDecimal("arr");
                    String status = rs.getString("status");
                    byStatus.merge(status, new Tally(count, arr), AnalyticsQueries::sum);
                    if (!CHURNED.equals(status)) {
                        health.merge(rs.getString("health_status"), new Tally(count, arr), AnalyticsQueries::sum);
                    }
                });
        long customers = byStatus.values().stream().mapToLong(Tally::count).sum();
        BigDecimal totalArr = health.values().stream().map(Tally::arr).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Portfolio(totalArr, customers, byStatus, health, topRisks(query));
    }

    /**
     * The at-risk customers by ARR in the state they had at the end of the date (their current one for now). Now:
     * the current intervals, by ARR, from their own index. A date: the at-risk intervals are walked by ARR, the
     * first {@value #RISK_WALK} of them at most; when fewer than ten of those were valid on the date, the valid
     * ones are few, and are read from the index of the intervals by time (GiST) and sorted. Either way a bounded
     * read, however long the history (docs/analytics.md).
     */
    private List<Portfolio.Risk> topRisks(FindPortfolio query) {
        if (query.asOf() == null) {
            return risks("""
                    SELECT i.customer_id, c.name, i.arr, i.health_score, i.status
                    FROM analytics_portfolio_interval i JOIN analytics_portfolio_customer c USING (customer_id)
                    WHERE i.workspace_id = :ws AND i.health_status = 'at_risk' AND i.status <> 'churned'
                        AND NOT i.deleted AND i.valid_to IS NULL
                    ORDER BY i.arr DESC, i.customer_id
                    LIMIT :limit""", query, null);
        }
        // the state at the end of the day: begun before midnight, not ended before it
        Timestamp end = Timestamp.from(query.asOf().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        List<Portfolio.Risk> walked = risks("""
                SELECT i.customer_id, c.name, i.arr, i.health_score, i.status
                FROM (SELECT * FROM analytics_portfolio_interval
                      WHERE workspace_id = :ws AND health_status = 'at_risk' AND status <> 'churned' AND NOT deleted
                      ORDER BY arr DESC, customer_id
                      LIMIT :walk) i
                    JOIN analytics_portfolio_customer c USING (customer_id)
                WHERE i.valid_from < :end AND (i.valid_to IS NULL OR i.valid_to >= :end)
                ORDER BY i.arr DESC, i.customer_id
                LIMIT :limit""", query, end);
        if (walked.size() == TOP_RISKS) {
            return walked; // the first valid ones by ARR of a prefix by ARR are the first of all
        }
        return risks("""
                WITH valid AS MATERIALIZED (
                    SELECT customer_id, arr, health_score, status FROM analytics_portfolio_interval
                    WHERE workspace_id = :ws AND health_status = 'at_risk' AND status <> 'churned' AND NOT deleted
                        AND tstzrange(valid_from, valid_to) @> (CAST(:end AS timestamptz) - interval '1 microsecond'))
                SELECT v.customer_id, c.name, v.arr, v.health_score, v.status
                FROM valid v JOIN analytics_portfolio_customer c USING (customer_id)
                ORDER BY v.arr DESC, v.customer_id
                LIMIT :limit""", query, end);
    }

    private List<Portfolio.Risk> risks(String sql, FindPortfolio query, Timestamp end) {
        var statement = jdbc.sql(sql).param("ws", query.workspaceId()).param("limit", TOP_RISKS);
        if (end != null) {
            statement = statement.param("end", end).param("walk", RISK_WALK);
        }
        return statement.query((rs, i) -> new Portfolio.Risk(rs.getString("customer_id"), rs.getString("name"),
                        rs.getBigDecimal("arr"), (Integer) rs.getObject("health_score"), rs.getString("status")))
                .list();
    }

    @QueryHandler
    Renewals handle(FindRenewals query) {
        Map<YearMonth, Map<String, Tally>> months = new TreeMap<>();
        for (YearMonth m = YearMonth.from(query.from()); !m.isAfter(YearMonth.from(query.to())); m = m.plusMonths(1)) {
            months.put(m, zeros(CustomerLifecycle.FORECAST_CATEGORIES));
        }
        List<String> categories = query.forecastCategories().isEmpty() ? CustomerLifecycle.FORECAST_CATEGORIES : query.forecastCategories();
        jdbc.sql("""
                        SELECT date_trunc('month', renewal_date)::date AS month, forecast_category,
                            SUM(customers) AS customers, SUM(arr) AS arr
                        FROM analytics_renewal_day
                        WHERE workspace_id = :ws AND renewal_date BETWEEN :from AND :to
                            AND forecast_category IN (:categories)
                        GROUP BY 1, 2""")
                .param("ws", query.workspaceId())
                .param("from", query.from())
                .param("to", query.to())
                .param("categories", categories)
                .query(rs -> {
                    months.get(YearMonth.from(rs.getObject("month", LocalDate.class)))
                            .put(rs.getString("forecast_category"), new Tally(rs.getLong("customers"), rs.getBigDecimal("arr")));
                });
        List<Renewals.Month> result = new ArrayList<>();
        months.forEach((month, byCategory) -> {
            Tally total = byCategory.values().stream().reduce(Tally.ZERO, AnalyticsQueries::sum);
            result.add(new Renewals.Month(month.toString(), total.count(), total.arr(), byCategory));
        });
        return new Renewals(result);
    }

    @QueryHandler
    Cohorts handle(FindCohorts query) {
        int periodMonths = query.quarterly() ? 3 : 1;
        LocalDate now = query.asOf() == null ? query.today() : query.asOf();
        LocalDate currentPeriod = periodStart(now.withDayOfMonth(1), periodMonths);
        // per cohort period (newest first below), the changes summed by month (up to the date asked), in month order
        TreeMap<LocalDate, TreeMap<LocalDate, long[]>> counts = new TreeMap<>();
        Map<LocalDate, TreeMap<LocalDate, BigDecimal[]>> amounts = new TreeMap<>();
        jdbc.sql("""
                        SELECT cohort_month, month, SUM(size) AS size, SUM(starting_arr) AS starting_arr,
                            SUM(customers) AS customers, SUM(arr) AS arr FROM (
                            SELECT cohort_month, month, size, starting_arr, customers, arr FROM analytics_cohort_month
                            WHERE workspace_id = :ws AND (CAST(:month AS date) IS NULL OR month < :month)
                            UNION ALL
                            SELECT cohort_month, CAST(:month AS date), size, starting_arr, customers, arr
                            FROM analytics_cohort_change
                            WHERE workspace_id = :ws AND day >= :month AND day <= :asOf) changes
                        GROUP BY 1, 2""")
                .param("ws", query.workspaceId())
                .param("month", monthOf(query.asOf()))
                .param("asOf", query.asOf())
                .query(rs -> {
                    LocalDate cohort = periodStart(rs.getObject("cohort_month", LocalDate.class), periodMonths);
                    LocalDate month = rs.getObject("month", LocalDate.class);
                    long[] c = counts.computeIfAbsent(cohort, k -> new TreeMap<>()).computeIfAbsent(month, k -> new long[2]);
                    c[0] += rs.getLong("size");
                    c[1] += rs.getLong("customers");
                    BigDecimal[] a = amounts.computeIfAbsent(cohort, k -> new TreeMap<>())
                            .computeIfAbsent(month, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    a[0] = a[0].add(rs.getBigDecimal("starting_arr"));
                    a[1] = a[1].add(rs.getBigDecimal("arr"));
                });
        List<Cohorts.Cohort> result = new ArrayList<>();
        counts.descendingMap().forEach((cohort, byMonth) -> {
            TreeMap<LocalDate, BigDecimal[]> arrByMonth = amounts.get(cohort);
            long size = byMonth.values().stream().mapToLong(c -> c[0]).sum();
            BigDecimal startingArr = arrByMonth.values().stream().map(a -> a[0]).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<Cohorts.Period> periods = new ArrayList<>();
            for (int k = 0; k * periodMonths <= query.monthsOut(); k++) {
                LocalDate start = cohort.plusMonths((long) k * periodMonths);
                if (start.isAfter(currentPeriod)) {
                    break;
                }
                // measured at the end of the period: every change of the months before the next one
                LocalDate next = start.plusMonths(periodMonths);
                long customers = byMonth.headMap(next).values().stream().mapToLong(c -> c[1]).sum();
                BigDecimal arr = arrByMonth.headMap(next).values().stream().map(a -> a[1])
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                periods.add(new Cohorts.Period(k, customers, ratio(BigDecimal.valueOf(customers), BigDecimal.valueOf(size)),
                        arr, ratio(arr, startingArr)));
            }
            result.add(new Cohorts.Cohort(name(cohort, query.quarterly()), size, startingArr, periods));
        });
        return new Cohorts(result);
    }

    /** The first day of the date's month: its sums stop there and its days are read one by one (null: now). */
    private static LocalDate monthOf(LocalDate asOf) {
        return asOf == null ? null : asOf.withDayOfMonth(1);
    }

    private static LocalDate periodStart(LocalDate month, int periodMonths) {
        return month.withMonth((month.getMonthValue() - 1) / periodMonths * periodMonths + 1);
    }

    private static String name(LocalDate cohort, boolean quarterly) {
        return quarterly ? cohort.getYear() + "-Q" + ((cohort.getMonthValue() - 1) / 3 + 1) : YearMonth.from(cohort).toString();
    }

    private static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, 4, RoundingMode.HALF_UP);
    }

    private static Tally sum(Tally a, Tally b) {
        return a.plus(b.count(), b.arr());
    }

    private static Map<String, Tally> zeros(List<String> keys) {
        Map<String, Tally> map = new LinkedHashMap<>();
        keys.forEach(k -> map.put(k, Tally.ZERO));
        return map;
    }
}
