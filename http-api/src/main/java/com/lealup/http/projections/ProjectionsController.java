package com.lealup.http.projections;

import com.lealup.api.StorableText;
import com.lealup.api.identity.Roles;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Refusal;
import java.util.Comparator;
import java.util.Map;
import org.springframework.lang.Nullable;
import com.lealup.api.projections.ListProjections;
import com.lealup.api.projections.ProjectionStatus;
import com.lealup.api.projections.ReplayProjection;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/projections}: the read models (and policies) as event processors, with their position in the
 * event store, and the rebuild of one from the store while the API keeps serving (docs/running.md). Role admin
 * with the scope {@code admin:*}.
 */
@Tag(name = "Operations")
@RestController
@RequestMapping(path = "/v1/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionsController {

    private static final String PATH = "/v1/admin/projections";
    private static final int PROGRESS_DECIMALS = 4;

    private final Commands commands;
    private final QueryGateway queries;

    ProjectionsController(Commands commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Operation(operationId = "listProjections", summary = "Every projection and policy with its position in the event "
            + "store (role admin, scope admin:*)", description = "status live, replaying or failed; lag = head - "
            + "position; progress (0-1) and estimated_seconds_left only while replaying. Read from the database: every node answers the same. "
            + "Ordered by name, paginated with limit and cursor as every list.")
    @GetMapping
    Pagination.Page<ProjectionJson> list(Caller caller, @RequestParam(required = false) String limit,
                                         @RequestParam(required = false) String cursor) {
        authorize(caller);
        int pageSize = Pagination.limit(limit);
        String after = Pagination.decode(cursor, Pagination.exactly("name")).get("name");
        List<ProjectionStatus> rows = statuses(null).stream()
                .filter(p -> after == null || p.name().compareTo(after) > 0)
                .sorted(Comparator.comparing(ProjectionStatus::name)).limit(pageSize + 1L).toList();
        return Pagination.page(rows, pageSize, p -> Map.of("name", p.name())).map(ProjectionJson::of);
    }

    @Operation(operationId = "getProjection", summary = "One projection's status (role admin, scope admin:*)",
            description = "The item of GET /v1/admin/projections for that name; an unknown name is 404.")
    @GetMapping("/{name}")
    ProjectionJson get(Caller caller, @PathVariable String name) {
        authorize(caller);
        return statuses(name).stream().findFirst().map(ProjectionJson::of)
                .orElseThrow(() -> ApiException.notFound("Projection '" + StorableText.abbreviated(name) + "' was not found"));
    }

    @Operation(operationId = "replayProjection", summary = "Rebuild a projection from the event store (role admin, "
            + "scope admin:*)", description = "replay_mode blue_green: rebuilt into shadow tables by a second "
            + "processor while readers keep the live model, swapped in atomically once caught up (a failed replay "
            + "leaves the live model); every read model is replayed so. replay_mode in_place (a cache, policies' "
            + "state): its tables are cleared and rebuilt while the API serves, which answers the same meanwhile "
            + "(the as_of reads fold from the events; no health score is computed until the signals are rebuilt). "
            + "Progress in the GET (Location).")
    @ApiResponse(responseCode = "202", description = "The replay started", headers = @Header(name = "Location",
            description = "The projection, whose GET shows the progress", schema = @Schema(type = "string")))
    @Refusal(status = HttpStatus.CONFLICT, code = "replay_running", when = "a replay of it runs")
    @Refusal(status = HttpStatus.CONFLICT, code = "not_replayable", when = "it is a policy that must never re-run")
    @Refusal(status = HttpStatus.CONFLICT, code = "claimed_by_another_node", when = "another node kept its tokens "
            + "10 s after it was asked to give the group up (any node may be asked: the others give their segments "
            + "up for the moment of the reset or the swap)")
    @Refusal(status = HttpStatus.INTERNAL_SERVER_ERROR, code = "replay_failed", when = "the replay could not start "
            + "(the projection's error in the GET says why)")
    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionJson> replay(Caller caller, @PathVariable String name) {
        authorize(caller);
        ReplayProjection.Outcome outcome = commands.send(caller, new ReplayProjection(name));
        return switch (outcome.result()) {
            case STARTED -> ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(PATH + "/" + name))
                    .body(statuses(name).stream().findFirst().map(ProjectionJson::of).orElse(null));
            case UNKNOWN -> throw ApiException.notFound(outcome.reason());
            case ALREADY_REPLAYING -> throw conflict("replay_running", outcome.reason());
            case NOT_REPLAYABLE -> throw conflict("not_replayable", outcome.reason());
            case CLAIMED_ELSEWHERE -> throw conflict("claimed_by_another_node", outcome.reason());
            case FAILED -> throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "replay_failed", "Replay failed",
                    outcome.reason());
        };
    }

    private List<ProjectionStatus> statuses(String name) {
        return queries.query(new ListProjections(name), ResponseTypes.instanceOf(ListProjections.Result.class))
                .join().projections();
    }

    private static void authorize(Caller caller) {
        caller.requireRole(Roles.ADMIN).require(Caller.ADMIN_SCOPE);
    }

    private static ApiException conflict(String code, String detail) {
        return new ApiException(HttpStatus.CONFLICT, code, "Conflict", detail);
    }

    @Schema(example = """
            {"name": "customers", "status": "replaying", "position": 48210, "head": 51877, "lag": 3667,
            "progress": 0.93, "estimated_seconds_left": 12, "replay_started_at": "2026-11-30T08:00:00.125407Z",
            "error": null, "replayable": true, "not_replayable_reason": null, "replay_mode": "blue_green"}""")
    record ProjectionJson(String name, String status, long position, long head, long lag, @Nullable BigDecimal progress,
                          @Nullable Long estimatedSecondsLeft, @Nullable Instant replayStartedAt, @Nullable String error,
                          boolean replayable, @Nullable String notReplayableReason,
                          @Nullable
                          @Schema(description = "blue_green: rebuilt into shadow tables swapped in when caught up, "
                                  + "readers keep the live model meanwhile (every read model); in_place (a cache, "
                                  + "policies' state): rebuilt in its own tables while the API answers the same; null "
                                  + "for a policy that may not replay")
                          String replayMode) {

        static ProjectionJson of(ProjectionStatus s) {
            return new ProjectionJson(s.name(), s.status(), s.position(), s.head(), s.lag(), fraction(s.progress()),
                    s.secondsLeft(), s.replayStartedAt(), s.error(), s.replayable(), s.reason(),
                    s.replayMode());
        }

        /**
         * A share as an answer writes numbers, in plain notation (a double would be {@code 1.66E-4}), to a
         * hundredth of a percent, rounded down: 1 only once the replay has caught up.
         */
        private static BigDecimal fraction(Double share) {
            return share == null ? null
                    : BigDecimal.valueOf(share).setScale(PROGRESS_DECIMALS, RoundingMode.DOWN).stripTrailingZeros();
        }
    }
}
