package com.lealup.read.analytics;

import static com.lealup.read.analytics.AnalyticsEvents.arr;
import static com.lealup.read.analytics.AnalyticsEvents.at;
import static com.lealup.read.analytics.AnalyticsEvents.created;
import static com.lealup.read.analytics.AnalyticsEvents.health;
import static com.lealup.read.analytics.AnalyticsEvents.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.analytics.FindPortfolio;
import com.lealup.api.analytics.Portfolio;
import com.lealup.api.analytics.Tally;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.read.ReadModelDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The portfolio of a small workspace, figures computed by hand: A (active, at risk), B (trial, then active with more
 * ARR), C (active and healthy, churned, reactivated); A deleted and restored.
 */
class PortfolioProjectionTest {

    private static final String WS = "wsp_portfolio_test";
    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final PortfolioProjection projection = new PortfolioProjection(new JdbcTemplate(ReadModelDatabase.dataSource()));
    private final AnalyticsQueries queries = new AnalyticsQueries(jdbc);

    private void history() {
        projection.on(created(WS, "cus_a", "active", "1000.10", "2026-01-10"), 0);
        projection.on(created(WS, "cus_b", "trial", "500", "2026-01-10"), 0);
        projection.on(created(WS, "cus_c", "active", "2000", "2026-01-10"), 0);
        projection.on(health(WS, "cus_a", 1, 30, "at_risk", "2026-01-15"));
        projection.on(health(WS, "cus_c", 1, 80, "healthy", "2026-01-15"));
        projection.on(status(WS, "cus_b", "active", "2026-02-01"), 1);
        projection.on(arr(WS, "cus_b", "600", "2026-02-01T13:00:00Z"), 2);
        projection.on(status(WS, "cus_c", "churned", "2026-02-10"), 1);
        projection.on(new CustomerDeleted("cus_a", WS, at("2026-02-20"), at("2026-03-22")), 1);
        projection.on(new CustomerRestored("cus_a", WS, at("2026-03-01")), 2);
        projection.on(arr(WS, "cus_a", "1500", "2026-03-01T15:00:00Z"), 3);
        projection.on(status(WS, "cus_c", "active", "2026-03-05"), 2);
    }

    @Test
    void figuresOfAnyDateFromTheHistory() {
        history();
        // another workspace's customer counts nowhere here
        projection.on(created("wsp_portfolio_other", "cus_other", "active", "99", "2026-01-10"), 0);

        assertThat(portfolio("2026-01-09").customerCount()).isZero();
        Portfolio jan20 = portfolio("2026-01-20");
        assertThat(jan20.customerCount()).isEqualTo(3);
        assertThat(jan20.totalArr()).isEqualByComparingTo("3500.10");
        assertThat(jan20.byStatus()).containsEntry("active", tally(2, "3000.10")).containsEntry("trial", tally(1, "500"))
                .containsEntry("churned", tally(0, "0")).containsEntry("paused", tally(0, "0"));
        assertThat(jan20.healthDistribution()).containsEntry("at_risk", tally(1, "1000.10"))
                .containsEntry("healthy", tally(1, "2000")).containsEntry("unknown", tally(1, "500"))
                .containsEntry("neutral", tally(0, "0"));
        assertThat(jan20.topRisks()).containsExactly(risk("1000.10"));

        Portfolio feb15 = portfolio("2026-02-15");
        assertThat(feb15.customerCount()).isEqualTo(3);
        assertThat(feb15.totalArr()).as("churned C left out").isEqualByComparingTo("1600.10");
        assertThat(feb15.byStatus()).containsEntry("active", tally(2, "1600.10")).containsEntry("churned", tally(1, "2000"))
                .containsEntry("trial", tally(0, "0"));
        assertThat(feb15.healthDistribution()).containsEntry("at_risk", tally(1, "1000.10"))
                .containsEntry("healthy", tally(0, "0")).containsEntry("unknown", tally(1, "600"));

        Portfolio feb25 = portfolio("2026-02-25");
        assertThat(feb25.customerCount()).as("A deleted").isEqualTo(2);
        assertThat(feb25.totalArr()).isEqualByComparingTo("600");
        assertThat(feb25.topRisks()).isEmpty();

        Portfolio now = queries.handle(new FindPortfolio(WS, null));
        assertThat(now).isEqualTo(portfolio("2026-03-05"));
        assertThat(now.customerCount()).isEqualTo(3);
        assertThat(now.totalArr()).isEqualByComparingTo("4100");
        assertThat(now.byStatus()).containsEntry("active", tally(3, "4100")).containsEntry("churned", tally(0, "0"));
        assertThat(now.healthDistribution()).containsEntry("at_risk", tally(1, "1500"))
                .containsEntry("healthy", tally(1, "2000")).containsEntry("unknown", tally(1, "600"));
        assertThat(now.topRisks()).containsExactly(risk("1500"));
    }

    @Test
    void redeliveredAndStaleEventsChangeNothing() {
        String ws = "wsp_portfolio_redelivery";
        projection.on(created(ws, "cus_r", "active", "100", "2026-01-10"), 0);
        projection.on(health(ws, "cus_r", 2, 20, "at_risk", "2026-01-11"));
        projection.on(arr(ws, "cus_r", "300", "2026-01-12"), 1);
        List<Map<String, Object>> before = rows(ws);

        projection.on(created(ws, "cus_r", "active", "100", "2026-01-10"), 0);
        projection.on(arr(ws, "cus_r", "300", "2026-01-12"), 1);
        projection.on(health(ws, "cus_r", 1, 90, "healthy", "2026-01-11"));
        assertThat(rows(ws)).isEqualTo(before);
        assertThat(queries.handle(new FindPortfolio(ws, null)).healthDistribution())
                .containsEntry("at_risk", tally(1, "300"));
    }

    @Test
    void aPurgedCustomerKeepsItsPastButNotItsName() {
        String ws = "wsp_portfolio_purge";
        projection.on(created(ws, "cus_p", "active", "700", "2026-01-10"), 0);
        projection.on(health(ws, "cus_p", 1, 10, "at_risk", "2026-01-10"));
        projection.on(new CustomerDeleted("cus_p", ws, at("2026-01-20"), at("2026-02-19")), 1);
        projection.on(new CustomerPurged("cus_p", ws, at("2026-02-19")), 2);
        projection.on(new CustomerRestored("cus_p", ws, at("2026-02-20")), 3);

        assertThat(queries.handle(new FindPortfolio(ws, null)).customerCount()).isZero();
        Portfolio before = queries.handle(new FindPortfolio(ws, LocalDate.parse("2026-01-15")));
        assertThat(before.totalArr()).isEqualByComparingTo("700");
        assertThat(before.topRisks()).containsExactly(new Portfolio.Risk("cus_p", null, new BigDecimal("700.00"), 10,
                "active"));
    }

    @Test
    void theMonthSumsAreTheSumsOfTheDays() {
        history();
        assertThat(jdbc.sql("""
                SELECT month, status, health_status, customers, arr FROM analytics_portfolio_month
                WHERE workspace_id = ? ORDER BY 1, 2, 3""").param(WS).query().listOfRows())
                .hasSize(jdbc.sql("""
                        SELECT COUNT(DISTINCT (date_trunc('month', day), status, health_status))
                        FROM analytics_portfolio_change WHERE workspace_id = ?""").param(WS).query(Integer.class).single())
                .isEqualTo(jdbc.sql("""
                        SELECT CAST(date_trunc('month', day) AS date) AS month, status, health_status,
                            CAST(SUM(customers) AS integer) AS customers, SUM(arr) AS arr
                        FROM analytics_portfolio_change WHERE workspace_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""")
                        .param(WS).query().listOfRows());
    }

    @Test
    void aReplayGivesTheSameRows() {
        String ws = WS;
        history();
        List<Map<String, Object>> before = rows(ws);
        Portfolio figures = queries.handle(new FindPortfolio(ws, LocalDate.parse("2026-02-15")));

        projection.reset();
        assertThat(rows(ws)).isEmpty();
        history();
        assertThat(rows(ws)).isEqualTo(before);
        assertThat(queries.handle(new FindPortfolio(ws, LocalDate.parse("2026-02-15")))).isEqualTo(figures);
    }

    private Portfolio portfolio(String date) {
        return queries.handle(new FindPortfolio(WS, LocalDate.parse(date)));
    }

    private List<Map<String, Object>> rows(String ws) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>(jdbc.sql(
                "SELECT * FROM analytics_portfolio_customer WHERE workspace_id = ? ORDER BY customer_id").param(ws)
                .query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM analytics_portfolio_interval WHERE workspace_id = ? ORDER BY customer_id, "
                + "valid_from").param(ws).query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM analytics_portfolio_change WHERE workspace_id = ? ORDER BY day, status, "
                + "health_status").param(ws).query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM analytics_portfolio_month WHERE workspace_id = ? ORDER BY month, status, "
                + "health_status").param(ws).query().listOfRows());
        return rows;
    }

    private static Portfolio.Risk risk(String arr) {
        return new Portfolio.Risk("cus_a", "cus_a Inc", new BigDecimal(arr).setScale(2), 30, "active");
    }

    private static Tally tally(long count, String arr) {
        return new Tally(count, new BigDecimal(arr).setScale(2));
    }
}
