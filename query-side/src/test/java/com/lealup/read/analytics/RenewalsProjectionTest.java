package com.lealup.read.analytics;

import static com.lealup.read.analytics.AnalyticsEvents.at;
import static com.lealup.read.analytics.AnalyticsEvents.created;
import static com.lealup.read.analytics.AnalyticsEvents.status;
import static com.lealup.read.analytics.AnalyticsEvents.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.analytics.FindRenewals;
import com.lealup.api.analytics.Renewals;
import com.lealup.api.analytics.Tally;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.read.ReadModelDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The renewal pipeline by month and forecast category: churned, deleted and purged customers left out. */
class RenewalsProjectionTest {

    private static final String WS = "wsp_renewals_test";
    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final RenewalsProjection projection = new RenewalsProjection(
            new JdbcTemplate(ReadModelDatabase.dataSource()));
    private final AnalyticsQueries queries = new AnalyticsQueries(jdbc);

    @BeforeEach
    void history() {
        projection.on(created(WS, "cus_a", "active", "100.10", "2026-06-15", "commit", "2026-01-10"), 0);
        projection.on(created(WS, "cus_b", "trial", "200.20", "2026-06-30", "pipeline", "2026-01-10"), 0);
        projection.on(created(WS, "cus_c", "active", "300", "2026-07-01", "best_case", "2026-01-10"), 0);
        projection.on(created(WS, "cus_d", "active", "400", "2026-07-02", "commit", "2026-01-10"), 0);
        projection.on(created(WS, "cus_e", "active", "500", "2026-07-03", "commit", "2026-01-10"), 0);
        projection.on(created(WS, "cus_f", "active", "600", "2026-06-01", "commit", "2026-01-10"), 0);
        projection.on(created(WS, "cus_g", "active", "700", "2026-06-01", "commit", "2026-01-10"), 0);
        // C moves to August and becomes commit; D churns; E is deleted; F loses its date; G is purged
        projection.on(update(WS, "cus_c", new CustomerFields(null, null, new BigDecimal("333"), null, null, null, null,
                LocalDate.parse("2026-08-01"), "commit", null), "2026-02-01"), 1);
        projection.on(status(WS, "cus_d", "churned", "2026-02-01"), 1);
        projection.on(new CustomerDeleted("cus_e", WS, at("2026-02-01"), at("2026-03-03")), 1);
        projection.on(new CustomerUpdated("cus_f", WS, new CustomerFields(null, null, null, null, null, null, null,
                null, null, null), Set.of(CustomerFields.RENEWAL_DATE), at("2026-02-01")), 1);
        projection.on(new CustomerDeleted("cus_g", WS, at("2026-02-01"), at("2026-03-03")), 1);
        projection.on(new CustomerPurged("cus_g", WS, at("2026-03-03")), 2);
    }

    @Test
    void perMonthAndForecastCategory() {
        List<Renewals.Month> months = renewals("2026-06-01", "2026-09-30", List.of());
        assertThat(months).extracting(Renewals.Month::month).containsExactly("2026-06", "2026-07", "2026-08", "2026-09");
        Renewals.Month june = months.get(0);
        assertThat(june.count()).isEqualTo(2);
        assertThat(june.arr()).isEqualByComparingTo("300.30");
        assertThat(june.byForecastCategory()).containsEntry("commit", tally(1, "100.10"))
                .containsEntry("pipeline", tally(1, "200.20")).containsEntry("best_case", tally(0, "0"))
                .containsEntry("closed", tally(0, "0")).containsEntry("omitted", tally(0, "0"));
        assertThat(months.get(1).count()).as("D churned, E deleted").isZero();
        assertThat(months.get(2).byForecastCategory()).containsEntry("commit", tally(1, "333"));
        assertThat(months.get(3).count()).isZero();

        assertThat(renewals("2026-06-16", "2026-06-30", List.of("commit")).get(0).count()).isZero();
        assertThat(renewals("2026-06-01", "2026-06-30", List.of("pipeline", "best_case")).get(0).arr())
                .isEqualByComparingTo("200.20");
    }

    @Test
    void redeliveryAndReplayGiveTheSameRows() {
        List<Map<String, Object>> before = rows();
        history();
        assertThat(rows()).isEqualTo(before);
        projection.reset();
        assertThat(rows()).isEmpty();
        history();
        assertThat(rows()).isEqualTo(before);
    }

    private List<Renewals.Month> renewals(String from, String to, List<String> categories) {
        return queries.handle(new FindRenewals(WS, LocalDate.parse(from), LocalDate.parse(to), categories)).months();
    }

    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.sql(
                "SELECT * FROM analytics_renewal WHERE workspace_id = ? ORDER BY customer_id").param(WS)
                .query().listOfRows());
        rows.addAll(jdbc.sql("SELECT * FROM analytics_renewal_day WHERE workspace_id = ? ORDER BY renewal_date, "
                + "forecast_category").param(WS).query().listOfRows());
        return rows;
    }

    private static Tally tally(long count, String arr) {
        return new Tally(count, new BigDecimal(arr).setScale(2));
    }
}
