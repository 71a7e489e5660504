package com.lealup.http.deadletters;

import com.lealup.api.StorableText;
import com.lealup.api.deadletters.DeadLetterSequence;
import com.lealup.api.deadletters.EvictDeadLetters;
import com.lealup.api.deadletters.ListDeadLetters;
import com.lealup.api.deadletters.RetryDeadLetters;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/dead-letters}: the events an event processor could not apply, parked per sequence so that
 * the processor goes on for everybody else (docs/running.md). Operator token only: the letters span every
 * workspace.
 */
@Tag(name = "Operator")
@RestController
@RequestMapping(path = "/v1/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class DeadLettersController {

    private final Commands commands;
    private final QueryGateway queries;

    DeadLettersController(Commands commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Operation(operationId = "listDeadLetters", summary = "Parked sequences of every event processor (operator token only)", description = "By "
            + "processing group and sequence id; each described by its first letter (the event that failed) and "
            + "the number of letters waiting behind it.")
    @GetMapping
    Page<DeadLetterJson> list(Caller operator,
                              @RequestParam(name = "processing_group", required = false) String processingGroup,
                              @RequestParam(required = false) String limit,
                              @RequestParam(required = false) String cursor) {
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.exactly("processing_group", "sequence_id"));
        ListDeadLetters.Page rows = queries.query(new ListDeadLetters(processingGroup, after, pageSize + 1),
                ResponseTypes.instanceOf(ListDeadLetters.Page.class)).join();
        return Pagination.page(rows.rows(), pageSize,
                s -> Map.of("processing_group", s.processingGroup(), "sequence_id", s.sequenceId()))
                .map(DeadLetterJson::of);
    }

    @Operation(operationId = "retryDeadLetters", summary = "Hand a parked sequence to its processor again (operator token only)", description = "The "
            + "letters that now succeed leave the queue, oldest first; the first that fails again stays parked with "
            + "the rest behind it (remaining > 0).")
    @ApiResponse(responseCode = "200", description = "What is still parked of the sequence")
    @PostMapping("/{processingGroup}/{sequenceId}/retry")
    RetryJson retry(Caller operator, @PathVariable String processingGroup, @PathVariable String sequenceId) {
        RetryDeadLetters.Outcome outcome = commands.send(operator, new RetryDeadLetters(processingGroup, sequenceId));
        if (!outcome.found()) {
            throw notFound(processingGroup, sequenceId);
        }
        return new RetryJson(processingGroup, sequenceId, outcome.remaining());
    }

    @Operation(operationId = "evictDeadLetters", summary = "Drop a parked sequence without applying it (operator token only)", description = "Its "
            + "processor never applies those events; a replay of a projection would. A playbook run's letter (group "
            + "playbook-actions) will never act: each of the run's actions fails with the error dropped.")
    @ApiResponse(responseCode = "204", description = "Evicted")
    @DeleteMapping("/{processingGroup}/{sequenceId}")
    ResponseEntity<Void> evict(Caller operator, @PathVariable String processingGroup, @PathVariable String sequenceId) {
        long evicted = commands.send(operator, new EvictDeadLetters(processingGroup, sequenceId));
        if (evicted == 0) {
            throw notFound(processingGroup, sequenceId);
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiException notFound(String processingGroup, String sequenceId) {
        return ApiException.notFound("Parked sequence '" + StorableText.abbreviated(sequenceId)
                + "' of processing group '" + StorableText.abbreviated(processingGroup) + "' was not found");
    }

    @Schema(example = """
            {"processing_group": "customers", "sequence_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "letters": 2,
            "event": {"id": "2a7c54bf-12f9-4c6f-b1de-b28bfebd9101", "type": "com.lealup.api.customer.CustomerUpdated",
            "aggregate_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "workspace_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
            "occurred_at": "2026-11-20T14:05:00.118Z"},
            "cause": {"type": "org.springframework.dao.DataIntegrityViolationException",
            "message": "DataIntegrityViolationException: PreparedStatementCallback; ERROR: null value in \
            column \\"…\\" of relation \\"…\\" violates not-null constraint | PSQLException (SQLState 23502): \
            ERROR: null value in column \\"…\\" of relation \\"…\\" violates not-null constraint"},
            "enqueued_at": "2026-11-20T14:05:00.342Z", "last_touched": "2026-11-20T14:05:00.342Z"}""")
    record DeadLetterJson(String processingGroup, String sequenceId, long letters, Event event, Cause cause,
                          Instant enqueuedAt, Instant lastTouched) {

        record Event(String id, String type, String aggregateId,
                     @Nullable @Schema(description = "null for an event of no workspace (the server's own)")
                     String workspaceId, Instant occurredAt) {
        }

        record Cause(String type, @Schema(description = "Per exception of the failure's chain: its class, the SQLState "
                + "of a database error and its message without quoted text or values (\"…\"); \"[erased]\" once the "
                + "customer of the parked events is erased") String message) {
        }

        static DeadLetterJson of(DeadLetterSequence s) {
            return new DeadLetterJson(s.processingGroup(), s.sequenceId(), s.letters(),
                    new Event(s.eventId(), s.eventType(), s.aggregateId(), s.workspaceId(), s.occurredAt()),
                    new Cause(s.causeType(), s.causeMessage()), s.enqueuedAt(), s.lastTouched());
        }
    }

    @Schema(example = """
            {"processing_group": "customers", "sequence_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "remaining": 0}""")
    record RetryJson(String processingGroup, String sequenceId, long remaining) {
    }
}
