package com.lealup.http.health;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.FindCustomerHealth;
import com.lealup.api.health.FindHealthCalculation;
import com.lealup.api.health.FindHealthHistory;
import com.lealup.api.health.HealthHistory;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.http.customer.CustomerReadModel;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.Dates;
import com.lealup.http.support.ProcessingCatchUp;
import com.lealup.http.support.ReadYourWrites;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/customers/{id}/health}: a customer's health, its history and its recalculation (API.md section 4). */
@Tag(name = "Health")
@RestController
@RequestMapping(path = "/v1/customers/{id}/health", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerHealthController {

    static final String READ = "health:read";
    static final String WRITE = "health:write";
    static final int DEFAULT_HISTORY_DAYS = 90;
    static final int MAX_HISTORY_DAYS = 3 * 366;

    private final Commands commands;
    private final QueryGateway queries;
    private final CustomerReadModel customers;
    private final ReadYourWrites readYourWrites;
    private final ProcessingCatchUp catchUp;
    private final Clock clock;

    CustomerHealthController(Commands commands, QueryGateway queries, CustomerReadModel customers,
                             ReadYourWrites readYourWrites, ProcessingCatchUp catchUp, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.customers = customers;
        this.readYourWrites = readYourWrites;
        this.catchUp = catchUp;
        this.clock = clock;
    }

    @Schema(example = """
            {"data": [{"date": "2026-11-27", "score": 84, "status": "healthy"},
            {"date": "2026-11-28", "score": 84, "status": "healthy"},
            {"date": "2026-11-29", "score": 72, "status": "healthy"}]}""")
    record HistoryJson(List<HealthHistory.Point> data) {
    }

    @Operation(operationId = "getCustomerHealth", summary = "A customer's current health", description = "Score, status, model version, and per dimension "
            + "its effective weight, score, contribution and signals; trend over 7 and 30 days.")
    @GetMapping
    HealthJson get(Caller caller, @PathVariable String id) {
        caller.require(READ);
        customers.find(caller, id);
        return HealthJson.of(health(caller, id));
    }

    @Operation(operationId = "recalculateCustomerHealth", summary = "Recalculate a customer's health now", description = "Answers the new health, "
            + "counting every event accepted (202) before the request, once GET …/health/changes explains the change "
            + "it made. A score is published only when it changes: a "
            + "customer that has never had data keeps every member null, calculated_at and model_version included "
            + "(docs/customers.md \"Health in a customer\"); its 202 says when it scores nothing (docs/health-model.md).")
    @AcceptedWhenLagging(alsoWhen = "while the health signals are being rebuilt, a replay of health-signals: nothing "
            + "is scored, and the background sweep scores the customer once they are complete")
    @PostMapping("/recalculate")
    HealthJson recalculate(Caller caller, @PathVariable String id) {
        caller.require(WRITE);
        customers.find(caller, id);
        // the events accepted before reach the signals asynchronously: "useful after importing events in batch"
        catchUp.await(RecalculateHealth.SIGNALS_GROUP);
        Long calculation = commands.send(caller, new RecalculateHealth(id, caller.workspaceId()));
        // a calculation is no version of the customer: the 202 names none
        Accepted accepted = Accepted.of(location(id), id);
        if (calculation == null) {
            // the signals are being rebuilt (a replay): the sweep scores the customer once they are complete
            readYourWrites.acceptNow(accepted);
        }
        readYourWrites.awaitOrAccept(new FindHealthCalculation(id), Long.class, shown -> shown >= calculation, accepted);
        // "recalculate, then ask why": the change is explained by another read model, which lingers
        catchUp.await(RecalculateHealth.CHANGES_GROUP);
        return HealthJson.of(health(caller, id));
    }

    @Operation(operationId = "getCustomerHealthHistory", summary = "A customer's health history", description = "Daily (the score in force at the end of each "
            + "day) or weekly (ISO weeks dated Monday, mean of the daily points); default the last 90 days.")
    @GetMapping("/history")
    HistoryJson history(Caller caller, @PathVariable String id,
                        @Parameter(description = "The first day, inclusive: a date, YYYY-MM-DD, or an ISO 8601 time, "
                                + "which stands for its day (UTC: a point is a day); default "
                                + (DEFAULT_HISTORY_DAYS - 1) + " days before to")
                        @RequestParam(required = false) String from,
                        @Parameter(description = "The last day, inclusive: a date, YYYY-MM-DD, or an ISO 8601 time, "
                                + "which stands for its day (UTC); default today (UTC)")
                        @RequestParam(required = false) String to,
                        @RequestParam(required = false) String granularity) {
        caller.require(READ);
        if (granularity != null && !granularity.equals("daily") && !granularity.equals("weekly")) {
            throw ApiException.validation("granularity", "unknown_value", "granularity must be daily or weekly");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate last = Dates.day("to", to, today);
        LocalDate first = Dates.day("from", from, last.minusDays(DEFAULT_HISTORY_DAYS - 1));
        if (first.isAfter(last)) {
            throw ApiException.validation("from", "out_of_range", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_HISTORY_DAYS) {
            throw ApiException.validation("from", "out_of_range", "a history spans at most " + MAX_HISTORY_DAYS + " days");
        }
        customers.find(caller, id);
        HealthHistory history = queries.query(new FindHealthHistory(caller.workspaceId(), id, first, last,
                "weekly".equals(granularity), clock.instant()), ResponseTypes.instanceOf(HealthHistory.class)).join();
        return new HistoryJson(history.points());
    }

    static String location(String customerId) {
        return "/v1/customers/" + customerId + "/health";
    }

    private CustomerHealthView health(Caller caller, String id) {
        return queries.query(new FindCustomerHealth(caller.workspaceId(), id, clock.instant()),
                ResponseTypes.instanceOf(CustomerHealthView.class)).join();
    }
}
