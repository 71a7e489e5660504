package com.lealup.http.analytics;

import com.lealup.api.analytics.Cohorts;
import org.springframework.lang.Nullable;
import com.lealup.api.analytics.FindCohorts;
import com.lealup.api.analytics.FindPortfolio;
import com.lealup.api.analytics.FindRenewals;
import com.lealup.api.analytics.Portfolio;
import com.lealup.api.analytics.Renewals;
import com.lealup.api.analytics.Tally;
import com.lealup.api.customer.CustomerLifecycle;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Dates;
import com.lealup.http.support.ProcessingCatchUp;
import com.lealup.http.support.QueryNumbers;
import com.lealup.http.support.QueryLists;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/analytics}: portfolio (of any date), renewal pipeline, retention cohorts (API.md section 7, docs/analytics.md). */
@Tag(name = "Analytics")
@RestController
@RequestMapping(path = "/v1/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
class AnalyticsController {

    static final String READ = "analytics:read";
    static final int DEFAULT_RENEWAL_MONTHS = 12;
    static final int MAX_RENEWAL_MONTHS = 60;
    static final int DEFAULT_MONTHS_OUT = 12;
    static final int MAX_MONTHS_OUT = 36;

    private final QueryGateway queries;
    private final ProcessingCatchUp catchUp;
    private final Clock clock;

    AnalyticsController(QueryGateway queries, ProcessingCatchUp catchUp, Clock clock) {
        this.queries = queries;
        this.catchUp = catchUp;
        this.clock = clock;
    }

    /** {@code name} is the customer's current one: null once it is purged or erased. */
    record RiskJson(String id, @Nullable String name, BigDecimal arr, Integer healthScore, String status) {
    }

    /** Churned customers count in customer_count and by_status only (docs/analytics.md). */
    @Schema(example = """
            {"as_of": null, "total_arr": 1250000, "customer_count": 12,
            "by_status": {"active": {"count": 9, "arr": 1080000}, "trial": {"count": 2, "arr": 170000},
            "churned": {"count": 1, "arr": 45000}, "paused": {"count": 0, "arr": 0}},
            "health_distribution": {"healthy": {"count": 6, "arr": 820000}, "neutral": {"count": 3, "arr": 260000},
            "at_risk": {"count": 1, "arr": 145000}, "unknown": {"count": 1, "arr": 25000}},
            "top_risks": [{"id": "cus_01JD3KGB8H9J0K1M2N3P4Q5R6S", "name": "Globex", "arr": 145000,
            "health_score": 38, "status": "active"}]}""")
    record PortfolioJson(@Nullable LocalDate asOf, BigDecimal totalArr, long customerCount, Map<String, Tally> byStatus,
                         Map<String, Tally> healthDistribution, List<RiskJson> topRisks) {
    }

    @Schema(example = """
            {"from": "2026-12-01", "to": "2027-01-31", "data": [{"month": "2026-12", "count": 1, "arr": 52000,
            "by_forecast_category": {"pipeline": {"count": 1, "arr": 52000}, "best_case": {"count": 0, "arr": 0},
            "commit": {"count": 0, "arr": 0}, "closed": {"count": 0, "arr": 0}, "omitted": {"count": 0, "arr": 0}}},
            {"month": "2027-01", "count": 2, "arr": 290000,
            "by_forecast_category": {"pipeline": {"count": 0, "arr": 0}, "best_case": {"count": 1, "arr": 145000},
            "commit": {"count": 1, "arr": 145000}, "closed": {"count": 0, "arr": 0},
            "omitted": {"count": 0, "arr": 0}}}]}""")
    record RenewalsJson(LocalDate from, LocalDate to, List<Renewals.Month> data) {
    }

    @Schema(example = """
            {"cohort_period": "month", "as_of": null, "months_out": 12, "data": [{"cohort": "2026-10", "size": 4,
            "starting_arr": 400000, "periods": [
            {"offset": 0, "customers": 4, "logo_retention": 1, "arr": 400000, "net_arr_retention": 1},
            {"offset": 1, "customers": 4, "logo_retention": 1, "arr": 412000, "net_arr_retention": 1.03},
            {"offset": 2, "customers": 3, "logo_retention": 0.75, "arr": 310000, "net_arr_retention": 0.775}]}]}""")
    record CohortsJson(String cohortPeriod, @Nullable LocalDate asOf, int monthsOut, List<Cohorts.Cohort> data) {
    }

    @Operation(operationId = "getPortfolio", summary = "The portfolio, now or at the end of a past date",
            description = "ARR (churned customers left out), customers by status, health distribution (unknown: no "
                    + "score yet; churned left out) and the 10 at-risk customers with the most ARR. With as_of, the "
                    + "figures the event history gives for the end of that UTC date; as fast as today's.")
    @GetMapping("/portfolio")
    PortfolioJson portfolio(Caller caller, @Parameter(description = "YYYY-MM-DD, not after today")
                            @RequestParam(name = "as_of", required = false) String asOf) {
        caller.require(READ);
        LocalDate date = asOf(asOf);
        // read-your-writes: the projection lingers behind the writes (docs/analytics.md)
        catchUp.await(FindPortfolio.PROCESSING_GROUP);
        Portfolio p = queries.query(new FindPortfolio(caller.workspaceId(), date),
                ResponseTypes.instanceOf(Portfolio.class)).join();
        return new PortfolioJson(date, p.totalArr(), p.customerCount(), p.byStatus(), p.healthDistribution(),
                p.topRisks().stream().map(r -> new RiskJson(r.customerId(), r.name(), r.arr(), r.healthScore(),
                        r.status())).toList());
    }

    @Operation(operationId = "getRenewals", summary = "The renewal pipeline by month",
            description = "Per calendar month from `from` to `to` (renewal dates, inclusive; from defaults to today, to "
                    + "to the end of the 12th calendar month counting from's; at most 60 calendar months touched), count and ARR of the renewals of "
                    + "customers not churned and not deleted, split by forecast category.")
    @GetMapping("/renewals")
    RenewalsJson renewals(Caller caller,
                          @Parameter(description = "YYYY-MM-DD") @RequestParam(required = false) String from,
                          @Parameter(description = "YYYY-MM-DD") @RequestParam(required = false) String to,
                          @Parameter(description = "comma list of pipeline, best_case, commit, closed, omitted")
                          @RequestParam(name = "forecast_category", required = false) String forecastCategory) {
        caller.require(READ);
        LocalDate today = LocalDate.now(clock);
        LocalDate first = Dates.date("from", from, today);
        LocalDate twelveMonths = first.withDayOfMonth(1).plusMonths(DEFAULT_RENEWAL_MONTHS).minusDays(1);
        LocalDate last = Dates.date("to", to, twelveMonths.isAfter(Dates.LAST) ? Dates.LAST : twelveMonths);
        if (first.isAfter(last)) {
            // a from left out is today: a to before it names the from the client did not send
            throw ApiException.validation("from", "out_of_range", "from" + (from == null ? " (today, " + today
                    + ", when left out)" : "") + " must not be after to");
        }
        if (ChronoUnit.MONTHS.between(first.withDayOfMonth(1), last.withDayOfMonth(1)) >= MAX_RENEWAL_MONTHS) {
            throw ApiException.validation("to", "out_of_range", "from and to span at most " + MAX_RENEWAL_MONTHS
                    + " calendar months (one entry each)");
        }
        catchUp.await(FindRenewals.PROCESSING_GROUP);
        Renewals renewals = queries.query(new FindRenewals(caller.workspaceId(), first, last,
                QueryLists.items("forecast_category", forecastCategory, CustomerLifecycle.FORECAST_CATEGORIES)),
                ResponseTypes.instanceOf(Renewals.class)).join();
        return new RenewalsJson(first, last, renewals.months());
    }

    @Operation(operationId = "getCohorts", summary = "Retention cohorts",
            description = "Cohorts by the UTC month or quarter in which customers first became active, newest first; "
                    + "per offset (periods after the cohort's, measured at their end, the current one now) the members "
                    + "not churned and not deleted, logo retention, their ARR and net ARR retention (4 decimals).")
    @GetMapping("/cohorts")
    CohortsJson cohorts(Caller caller,
                        @Parameter(description = "month (default) or quarter")
                        @RequestParam(name = "cohort_period", required = false) String cohortPeriod,
                        @Parameter(description = "0 to 36, default 12", schema = @Schema(type = "integer",
                                minimum = "0", maximum = "" + MAX_MONTHS_OUT, defaultValue = "" + DEFAULT_MONTHS_OUT))
                        @RequestParam(name = "months_out", required = false) String monthsOut,
                        @Parameter(description = "YYYY-MM-DD, not after today")
                        @RequestParam(name = "as_of", required = false) String asOf) {
        caller.require(READ);
        String period = cohortPeriod == null ? "month" : cohortPeriod;
        if (!period.equals("month") && !period.equals("quarter")) {
            throw ApiException.validation("cohort_period", "unknown_value", "cohort_period must be month or quarter");
        }
        int months = monthsOut(monthsOut);
        LocalDate date = asOf(asOf);
        catchUp.await(FindCohorts.PROCESSING_GROUP);
        Cohorts cohorts = queries.query(new FindCohorts(caller.workspaceId(), period.equals("quarter"), months, date,
                LocalDate.now(clock)), ResponseTypes.instanceOf(Cohorts.class)).join();
        return new CohortsJson(period, date, months, cohorts.cohorts());
    }

    private LocalDate asOf(String value) {
        LocalDate date = Dates.date("as_of", value, null);
        if (date != null && date.isAfter(LocalDate.now(clock))) {
            throw ApiException.validation("as_of", "out_of_range", "as_of must not be after today");
        }
        return date;
    }

    private static int monthsOut(String value) {
        return value == null ? DEFAULT_MONTHS_OUT : QueryNumbers.within("months_out", value, 0, MAX_MONTHS_OUT);
    }
}
