package com.lealup.read.analytics;

import static com.lealup.read.analytics.AnalyticsEvents.arr;
import static com.lealup.read.analytics.AnalyticsEvents.at;
import static com.lealup.read.analytics.AnalyticsEvents.created;
import static com.lealup.read.analytics.AnalyticsEvents.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.analytics.Cohorts;
import com.lealup.api.analytics.FindCohorts;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.read.ReadModelDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cohorts of a small workspace, computed by hand. X: active 2026-01-05 (100), 150 from 02-10, deleted 03-10 and
 * restored 03-20. Z: active 01-25 (200), churned 02-15, active again 04-02. Y: trial 01-20 (50), active 02-03. W:
 * trial only, in no cohort.
 */
class CohortsProjectionTest {

    private static final String WS = "wsp_cohorts_test";
    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final CohortsProjection projection = new CohortsProjection(
            new JdbcTemplate(ReadModelDatabase.dataSource()));
    private final AnalyticsQueries queries = new AnalyticsQueries(jdbc);

    @BeforeEach
    void history() {
        projection.on(created(WS, "cus_x", "active", "100", "2026-01-05"), 0);
        projection.on(created(WS, "cus_y", "trial", "50", "2026-01-20"), 0);
        projection.on(created(WS, "cus_z", "active", "200", "2026-01-25"), 0);
        projection.on(created(WS, "cus_w", "trial", "999", "2026-01-25"), 0);
        projection.on(status(WS, "cus_y", "active", "2026-02-03"), 1);
        projection.on(arr(WS, "cus_x", "150", "2026-02-10"), 1);
        projection.on(status(WS, "cus_z", "churned", "2026-02-15"), 1);
        projection.on(arr(WS, "cus_z", "10", "2026-02-16"), 2);
        projection.on(new CustomerDeleted("cus_x", WS, at("2026-03-10"), at("2026-04-09")), 2);
        projection.on(new CustomerRestored("cus_x", WS, at("2026-03-20")), 3);
        projection.on(status(WS, "cus_z", "active", "2026-04-02"), 3);
        projection.on(arr(WS, "cus_z", "200", "2026-04-02"), 4);
    }

    @Test
    void monthCohorts() {
        Cohorts cohorts = cohorts(false, 12, "2026-04-30");
        assertThat(cohorts.cohorts()).extracting(Cohorts.Cohort::cohort).containsExactly("2026-02", "2026-01");
        Cohorts.Cohort jan = cohorts.cohorts().get(1);
        assertThat(jan.size()).isEqualTo(2);
        assertThat(jan.startingArr()).isEqualByComparingTo("300");
        assertThat(jan.periods()).containsExactly(
                period(0, 2, "1.0000", "300", "1.0000"),
                period(1, 1, "0.5000", "150", "0.5000"),
                period(2, 1, "0.5000", "150", "0.5000"),
                period(3, 2, "1.0000", "350", "1.1667"));
        Cohorts.Cohort feb = cohorts.cohorts().get(0);
        assertThat(feb.size()).isEqualTo(1);
        assertThat(feb.periods()).containsExactly(period(0, 1, "1.0000", "50", "1.0000"),
                period(1, 1, "1.0000", "50", "1.0000"), period(2, 1, "1.0000", "50", "1.0000"));

        assertThat(cohorts(false, 1, "2026-04-30").cohorts().get(1).periods()).extracting(Cohorts.Period::offset)
                .containsExactly(0, 1);
        assertThat(queries.handle(new FindCohorts(WS, false, 12, null, LocalDate.parse("2026-04-30"))))
                .as("now: every month's sums").isEqualTo(cohorts);
    }

    @Test
    void asOfADateTheCurrentPeriodIsMeasuredThatDay() {
        Cohorts march15 = cohorts(false, 12, "2026-03-15");
        assertThat(march15.cohorts().get(1).periods()).as("X deleted on 03-10, Z churned").containsExactly(
                period(0, 2, "1.0000", "300", "1.0000"),
                period(1, 1, "0.5000", "150", "0.5000"),
                period(2, 0, "0.0000", "0", "0.0000"));
        assertThat(cohorts(false, 12, "2026-01-31").cohorts()).extracting(Cohorts.Cohort::cohort)
                .containsExactly("2026-01");
    }

    @Test
    void quarterCohorts() {
        Cohorts cohorts = cohorts(true, 12, "2026-04-30");
        assertThat(cohorts.cohorts()).hasSize(1);
        Cohorts.Cohort q1 = cohorts.cohorts().get(0);
        assertThat(q1.cohort()).isEqualTo("2026-Q1");
        assertThat(q1.size()).isEqualTo(3);
        assertThat(q1.startingArr()).isEqualByComparingTo("350");
        assertThat(q1.periods()).containsExactly(period(0, 2, "0.6667", "200", "0.5714"),
                period(1, 3, "1.0000", "400", "1.1429"));
    }

    @Test
    void theMonthSumsAreTheSumsOfTheDays() {
        assertThat(jdbc.sql("""
                SELECT cohort_month, month, size, starting_arr, customers, arr FROM analytics_cohort_month
                WHERE workspace_id = ? ORDER BY 1, 2""").param(WS).query().listOfRows())
                .isNotEmpty()
                .isEqualTo(jdbc.sql("""
                        SELECT cohort_month, CAST(date_trunc('month', day) AS date) AS month,
                            CAST(SUM(size) AS integer) AS size, SUM(starting_arr) AS starting_arr,
                            CAST(SUM(customers) AS integer) AS customers, SUM(arr) AS arr
                        FROM analytics_cohort_change WHERE workspace_id = ? GROUP BY 1, 2 ORDER BY 1, 2""")
                        .param(WS).query().listOfRows());
    }

    @Test
    void aReplayGivesTheSameRows() {
        List<Map<String, Object>> before = rows();
        projection.reset();
        assertThat(rows()).isEmpty();
        history();
        history();
        assertThat(rows()).isEqualTo(before);
    }

    private Cohorts cohorts(boolean quarterly, int monthsOut, String asOf) {
        return queries.handle(new FindCohorts(WS, quarterly, monthsOut, LocalDate.parse(asOf), LocalDate.parse(asOf)));
    }

    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.sql(
                "SELECT * FROM analytics_cohort_customer WHERE workspace_id = ? ORDER BY customer_id").param(WS)
                .query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM analytics_cohort_change WHERE workspace_id = ? ORDER BY cohort_month, day")
                .param(WS).query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM analytics_cohort_month WHERE workspace_id = ? ORDER BY cohort_month, month")
                .param(WS).query().listOfRows());
        return rows;
    }

    private static Cohorts.Period period(int offset, long customers, String logo, String arr, String net) {
        return new Cohorts.Period(offset, customers, new BigDecimal(logo), new BigDecimal(arr).setScale(2),
                new BigDecimal(net));
    }
}
