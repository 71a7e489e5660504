package com.lealup.http.usage;

import com.lealup.http.support.Refusal;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.lang.Nullable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.Characters;
import com.lealup.api.Emails;
import com.lealup.api.usage.EventRejection;
import com.lealup.api.usage.IngestUsageEvents;
import com.lealup.api.usage.IngestionOutcome;
import com.lealup.api.usage.ListUsageEvents;
import com.lealup.api.usage.UsageEventList;
import com.lealup.api.usage.UsageEventTypes;
import com.lealup.api.usage.UsageEventView;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.ApiMetrics;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.Dates;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.QueryLists;
import com.lealup.http.support.QueryValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/events}: usage event ingestion and the ingested events for debugging (API.md section 5). */
@Tag(name = "Events")
@RestController
@RequestMapping(path = "/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
class UsageEventController {

    static final String READ = "events:read";
    static final String WRITE = "events:write";

    private final Commands commands;
    private final QueryGateway queries;
    private final ApiMetrics metrics;

    UsageEventController(Commands commands, QueryGateway queries, ApiMetrics metrics) {
        this.commands = commands;
        this.queries = queries;
        this.metrics = metrics;
    }

    /**
     * The body of POST /v1/events, for the OpenAPI document (its example: {@link IngestExampleOpenApi});
     * {@link IncomingEvents} reads it.
     */
    record IngestRequest(@ArraySchema(arraySchema = @Schema(description = "At most 1000 events (more is 413)"),
            // an IncomingEvent or anything else (OpenApiContract.ITEMS_JUDGED_ALONE); required: as the items'
            // requiredMode (swagger-core#4341)
            schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED)) List<IncomingEvent> events) {
    }

    @Schema(description = "An event that is stored: customer_id or email_domain names its customer, a customer of the "
            + "workspace (else rejected: unknown_customer); its timestamp at most 5 minutes ahead and at most 365 days "
            + "old. An optional member sent as null is as if absent (properties null is {}), as event pipelines send "
            + "them")
    record IncomingEvent(@Schema(description = "The client's id, for de-duplication", maxLength = UsageEventTypes.MAX_EVENT_ID_LENGTH)
                         @Nullable String eventId,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = UsageEventTypes.MAX_TYPE_LENGTH,
                                 description = "login, feature_used, meeting.held, email.sent, nps.response "
                                         + "(properties.score 0-10), support.ticket_opened, support.ticket_closed "
                                         + "(properties.priority), invoice.overdue and invoice.paid feed health; any "
                                         + "other type counts as product activity")
                         String type,
                         @Schema(maxLength = UsageEventTypes.MAX_CUSTOMER_ID_LENGTH) @Nullable String customerId,
                         @Schema(maxLength = UsageEventTypes.MAX_EMAIL_DOMAIN_LENGTH) @Nullable String emailDomain,
                         @Schema(maxLength = UsageEventTypes.MAX_CONTACT_EMAIL_LENGTH, pattern = Emails.PATTERN)
                         @Nullable String contactEmail,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "An RFC 3339 date-time: "
                                 + "seconds required, Z or an offset (2026-11-29T10:15:00Z, 2026-11-29T11:15:00+01:00); "
                                 + "kept at the microsecond, in UTC. Else rejected: invalid_timestamp")
                         Instant timestamp,
                         @Nullable Map<String, Object> properties) {
    }

    record Rejection(int index, @Schema(allowableValues = {EventRejection.MISSING_TYPE, EventRejection.MISSING_CUSTOMER,
            EventRejection.UNKNOWN_CUSTOMER, EventRejection.INVALID_TIMESTAMP, EventRejection.TIMESTAMP_IN_FUTURE,
            EventRejection.TIMESTAMP_TOO_OLD, EventRejection.INVALID_EVENT, EventRejection.INVALID_PROPERTY})
            String code, String message) {
    }

    @Schema(example = """
            {"accepted": 2, "duplicates": 1, "rejected": 1, "errors": [{"index": 3, "code": "missing_customer",
            "message": "customer_id or email_domain is required"}]}""")
    record IngestResponse(int accepted, int duplicates, int rejected, List<Rejection> errors) {
    }

    /** {@code properties} is the client's own JSON object text, written as it is: exactly what was sent. */
    @Schema(example = """
            {"id": "evt_01JD3KEA5F6G7H8J9K0M1N2P3Q", "event_id": "evt-0001",
            "customer_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "type": "feature_used", "contact_email": "ana@acme.com",
            "timestamp": "2026-11-29T10:15:00Z", "properties": {"feature": "reports", "duration_s": 42},
            "received_at": "2026-11-29T10:15:01.204518Z"}""")
    record EventJson(String id, @Nullable String eventId, String customerId, String type, @Nullable String contactEmail, Instant timestamp,
                     @JsonRawValue @Schema(implementation = Map.class, description = "The event's properties, exactly as sent",
                             additionalProperties = Schema.AdditionalPropertiesValue.TRUE) String properties,
                     Instant receivedAt) {

        static EventJson of(UsageEventView e) {
            return new EventJson(e.id(), e.clientEventId(), e.customerId(), e.type(), e.contactEmail(), e.timestamp(),
                    e.properties(), e.receivedAt());
        }
    }

    /** Answers once the accepted events are committed (usage log, claims and the batch's event: docs/ingestion.md). */
    @Operation(operationId = "ingestEvents", summary = "Ingest a batch of product-usage events (up to 1000)", description = "Each bad event is "
            + "rejected alone, by index; event_id de-duplicates retries. Durable once 202 is answered. More than 1000: 413.")
    @ApiResponse(responseCode = "202", description = "{accepted, duplicates, rejected, errors}")
    @Refusal(status = HttpStatus.PAYLOAD_TOO_LARGE, code = "batch_too_large", when = "more than 1000 events")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestResponse> ingest(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = IngestRequest.class)))
                                          @RequestBody byte[] body) {
        caller.require(WRITE);
        IncomingEvents parsed = IncomingEvents.read(body);
        IngestionOutcome outcome = parsed.wellFormed().isEmpty()
                ? new IngestionOutcome(0, 0, List.of())
                : commands.send(caller, new IngestUsageEvents(caller.workspaceId(), parsed.wellFormed()));
        List<EventRejection> rejected = new ArrayList<>(parsed.rejected());
        rejected.addAll(outcome.rejected());
        rejected.sort(Comparator.comparingInt(EventRejection::index));
        metrics.eventsIngested(outcome.accepted(), outcome.duplicates(), rejected.stream().map(EventRejection::code).toList());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new IngestResponse(outcome.accepted(),
                outcome.duplicates(), rejected.size(),
                rejected.stream().map(r -> new Rejection(r.index(), r.code(), r.message())).toList()));
    }

    @Operation(operationId = "listEvents", summary = "Ingested events, newest first (for debugging)", description = "Its own rate limit. A page "
            + "carries at most 16 MiB of properties: it ends before the event that would pass that (has_more and "
            + "next_cursor go on), so it may hold fewer events than limit, and holds one at least.")
    @GetMapping
    Page<EventJson> list(Caller caller,
                         @RequestParam(name = "customer_id", required = false) String customerId,
                         @Parameter(description = "Only those of these event types: a comma list, each type as "
                                 + "ingested (blanks around an item are ignored, an empty item is 400; a type holding "
                                 + "a comma cannot be named)")
                         @RequestParam(required = false) String type,
                         @Parameter(description = "From this time, inclusive (the event's timestamp): an ISO 8601 time "
                                 + "(Z or an offset), or a date (its start, UTC)")
                         @RequestParam(required = false) String from,
                         @Parameter(description = "Up to this time, exclusive: an ISO 8601 time (Z or an offset); or a date, "
                                 + "included whole")
                         @RequestParam(required = false) String to,
                         @RequestParam(required = false) String limit,
                         @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.exactly("timestamp", "id")
                .and(position -> Dates.isCursorInstant(position.get("timestamp"))));
        Instant first = Dates.rangeStart("from", from);
        Instant end = Dates.rangeEnd("to", to);
        if (first != null && end != null && !first.isBefore(end)) {
            throw ApiException.validation("from", "out_of_range", "from must be before to");
        }
        // compared as sent, then at the microsecond timestamps are stored at: bounds that meet there are an empty range
        first = atStoredMicrosecond(first);
        end = atStoredMicrosecond(end);
        List<String> types = QueryLists.items("type", type);
        // no type ingested is longer: a longer one is a mistake, as it is in a body
        if (types.stream().anyMatch(t -> Characters.count(t) > UsageEventTypes.MAX_TYPE_LENGTH)) {
            throw ApiException.validation("type", "too_long", "type is at most " + UsageEventTypes.MAX_TYPE_LENGTH
                    + " characters an item");
        }
        UsageEventList rows = queries.query(new ListUsageEvents(caller.workspaceId(),
                        QueryValues.one("customer_id", customerId), types, first,
                        end, after, pageSize),
                ResponseTypes.instanceOf(UsageEventList.class)).join();
        return Pagination.page(rows.rows(), rows.pageSize(),
                e -> Map.of("timestamp", e.timestamp().toString(), "id", e.id())).map(EventJson::of);
    }

    /**
     * A bound at the microsecond an event's timestamp is stored at, rounded half up as that was (IncomingEvents):
     * the two compare alike whatever digits the client sends.
     */
    private static Instant atStoredMicrosecond(Instant bound) {
        return bound == null ? null : UtcTimestamps.toMicros(bound);
    }

}
