package com.lealup.http.health;

import com.lealup.api.customer.CustomerView;
import com.lealup.http.support.JsonScalar;
import org.springframework.lang.Nullable;
import com.lealup.api.customer.FindCustomer;
import com.lealup.api.health.FindHealthChanges;
import com.lealup.api.health.HealthChanges;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Dates;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.RenderedJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/customers/{id}/health/changes}: why the score changed, one entry per published score, newest first
 * (API.md section 10, docs/health-model.md "Reading a change").
 */
@Tag(name = "Health")
@RestController
class HealthChangesController {

    static final String READ = "health:read";
    /** A cursor names its customer, as calculations are numbered per customer, and the last calculation passed. */
    private static final String CUSTOMER = "customer";
    private static final String CALCULATION = "calculation";

    private final QueryGateway queries;

    HealthChangesController(QueryGateway queries) {
        this.queries = queries;
    }

    /**
     * The shape of an entry, for the document: the query side stores each entry already written (a
     * {@code HealthChanges.Change} with the application's mapper, the same members as here) and this endpoint passes it
     * through ({@link RenderedJson}); {@code HealthChangesApiTest} holds the two to the same members.
     */
    @Schema(name = "HealthChange", example = """
            {"calculation": 12, "calculated_at": "2026-11-29T06:00:00Z", "score": 72, "previous_score": 84,
            "status": "healthy", "previous_status": "healthy", "model_version": 2, "previous_model_version": 2,
            "trigger": "events", "dimensions": [{"key": "product_usage", "score": 80, "previous_score": 80,
            "weight": 60, "previous_weight": 60, "contribution": 48, "previous_contribution": 48,
            "contribution_delta": 0},
            {"key": "nps", "score": 60, "previous_score": 90, "weight": 40, "previous_weight": 40, "contribution": 24,
            "previous_contribution": 36, "contribution_delta": -12}],
            "signals": [{"dimension": "nps", "name": "latest_nps", "from": 9, "to": 6}],
            "trace_id": "01JD3KHA9J0K1M2N3P4Q5R6S7T"}""")
    record ChangeJson(long calculation, Instant calculatedAt, @Nullable Integer score, @Nullable Integer previousScore, @Nullable String status,
                      @Nullable String previousStatus, int modelVersion, @Nullable Integer previousModelVersion,
                      @Schema(allowableValues = {"events", "daily", "model_change", "manual"}) String trigger,
                      List<DimensionJson> dimensions, List<SignalJson> signals,
                      @Nullable @Schema(description = "The trace id of the request that caused the score (its "
                              + "X-Trace-Id: the ingestion, the PATCH of the model, the completed task...); a daily "
                              + "run's is its own") String traceId) {
    }

    @Schema(name = "HealthChangeDimension", description = "A dimension before and after; the side where it had no "
            + "data or was disabled is null. The contribution_delta of all dimensions add up to score - previous_score; it is null only while the score "
            + "before is not yet in the read model (an entry projected ahead of its predecessor, explained again when "
            + "that arrives).")
    record DimensionJson(String key, @Nullable Integer score, @Nullable Integer previousScore, @Nullable BigDecimal weight, @Nullable BigDecimal previousWeight,
                         @Nullable BigDecimal contribution, @Nullable BigDecimal previousContribution, @Nullable BigDecimal contributionDelta) {
    }

    @Schema(name = "HealthChangeSignal", description = "A signal of a dimension that moved, e.g. {dimension: nps, "
            + "name: latest_nps, from: 9, to: 2}; nested signals are named with dots (open_tickets.high).")
    record SignalJson(String dimension, String name, @Nullable @JsonScalar Object from, @Nullable @JsonScalar Object to) {
    }

    @Operation(operationId = "listCustomerHealthChanges", summary = "Why a customer's health score changed", description = "One entry per published score, "
            + "newest first: score and status before and after, model version, trigger (events, daily, model_change, "
            + "manual), each dimension's score, weight and contribution before and after with its contribution_delta "
            + "(they add up exactly to score - previous_score; a dimension that appeared or vanished is included), "
            + "and the signals that moved, and the trace id of the request that caused it. The first score has previous_score null.")
    @GetMapping(path = "/v1/customers/{id}/health/changes", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<RenderedJson<ChangeJson>> changes(Caller caller, @PathVariable String id,
                             @Parameter(description = "inclusive: an ISO 8601 time (Z or an offset), or a date (its start)")
                             @RequestParam(required = false) String from,
                             @Parameter(description = "exclusive: an ISO 8601 time (Z or an offset); or a date, included whole")
                             @RequestParam(required = false) String to,
                             @Parameter(description = "1-200, default 50") @RequestParam(required = false) String limit,
                             @Parameter(description = "next_cursor of the previous page")
                             @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.exactly(CUSTOMER, CALCULATION)
                .and(position -> id.equals(position.get(CUSTOMER)) && position.get(CALCULATION).matches("[0-9]{1,18}")));
        Instant start = Dates.rangeStart("from", from);
        Instant end = Dates.rangeEnd("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.validation("from", "out_of_range", "from must be before to");
        }
        queries.query(new FindCustomer(caller.workspaceId(), id), ResponseTypes.optionalInstanceOf(CustomerView.class))
                .join().orElseThrow(() -> ApiException.notFound("Customer", id));
        Long before = after.isEmpty() ? null : Long.valueOf(after.get(CALCULATION));
        HealthChanges rows = queries.query(new FindHealthChanges(caller.workspaceId(), id, start, end, before, pageSize),
                ResponseTypes.instanceOf(HealthChanges.class)).join();
        return Pagination.page(rows.rows(), pageSize, c -> Map.of(CUSTOMER, id,
                        CALCULATION, String.valueOf(c.calculation())))
                .map(c -> new RenderedJson<>(c.json()));
    }
}
