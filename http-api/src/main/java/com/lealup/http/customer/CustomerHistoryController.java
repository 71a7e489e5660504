package com.lealup.http.customer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lealup.http.support.JsonScalar;
import org.springframework.lang.Nullable;
import com.lealup.api.customer.CustomerHistory;
import com.lealup.api.customer.FindCustomerHistory;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.QueryLists;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/customers/{id}/history}: the audit trail, read from the event store (docs/customers.md). */
@Tag(name = "Customers")
@RestController
@RequestMapping(path = "/v1/customers/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerHistoryController {

    /**
     * A cursor names the customer whose history it pages (a sequence means nothing in another customer's stream),
     * the last customer event and the last score passed, either absent when none was.
     */
    private static final String CUSTOMER = "customer";
    private static final String SEQUENCE = "sequence";
    private static final String CALCULATION = "calculation";

    private final QueryGateway queries;

    CustomerHistoryController(QueryGateway queries) {
        this.queries = queries;
    }

    @Schema(name = "CustomerHistoryEntry", example = """
            {"event_id": "3b074e12-a662-4d9e-b82f-94b7c9fd363e", "type": "customer.updated",
            "occurred_at": "2026-11-20T14:05:00Z", "actor": {"type": "user", "id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K"},
            "trace_id": "01JD3KJB8K9M0N1P2Q3R4S5T6V", "version": 7,
            "changes": {"arr": {"old": 120000, "new": 145000},
            "forecast_category": {"old": "best_case", "new": "commit"}}}""")
    record Entry(String eventId, String type, Instant occurredAt, Actor actor, @Nullable String traceId,
                 @Nullable @Schema(description = "The customer's version after the event (its ETag then); null for "
                         + "customer.health_changed, which is not an event of the customer and changes no version")
                 Long version,
                 Map<String, Change> changes) {
    }

    @Schema(name = "HistoryActor", description = "Who made the change: its type and id")
    record Actor(@Schema(allowableValues = {com.lealup.api.Actor.API_KEY, com.lealup.api.Actor.USER,
            com.lealup.api.Actor.OPERATOR, com.lealup.api.Actor.SYSTEM, com.lealup.api.Actor.PLAYBOOK,
            com.lealup.api.Actor.IMPORT}) String type, String id) {
    }

    @Schema(name = "FieldChange")
    record Change(@JsonProperty("old") @Nullable @JsonScalar Object oldValue, @JsonProperty("new") @Nullable @JsonScalar Object newValue) {
    }

    @Operation(operationId = "listCustomerHistory", summary = "The customer's audit trail", description = "Every change of the customer and its contacts, "
            + "from the event store, and every change of its health score (customer.health_changed: actor "
            + "system/health-scoring, changes health_score and health_status, version null), merged oldest first: "
            + "who (actor: api_key, user, operator, or automation: system, playbook, import), which request "
            + "(trace_id), and each field's old and new value. type filters by event type (a comma list of "
            + "customer.created, customer.updated, customer.deleted, customer.restored, contact.added, "
            + "contact.updated, contact.removed, customer.erased, customer.health_changed). A customer in the trash "
            + "keeps its history; a purged one is 404. A page holds at most 1,000,000 characters of changed values: "
            + "it may end before limit (has_more, next_cursor), with one entry at least.")
    @GetMapping
    Page<Entry> history(Caller caller, @PathVariable String id, @RequestParam(required = false) String limit,
                        @RequestParam(required = false) String cursor,
                        @Parameter(description = "Only entries of these types: a comma list")
                        @RequestParam(required = false) String type) {
        caller.require(CustomerController.READ);
        CustomerController.requireCustomerId(id);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, p -> isPositionIn(id, p));
        Long afterSequence = after.containsKey(SEQUENCE) ? Long.valueOf(after.get(SEQUENCE)) : null;
        long afterCalculation = after.containsKey(CALCULATION) ? Long.parseLong(after.get(CALCULATION)) : 0;
        CustomerHistory history = queries.query(new FindCustomerHistory(caller.workspaceId(), id, afterSequence,
                        afterCalculation, pageSize, Set.copyOf(QueryLists.items("type", type, CustomerHistory.TYPES))),
                ResponseTypes.optionalInstanceOf(CustomerHistory.class)).join()
                .orElseThrow(() -> ApiException.notFound("Customer", id));
        return Pagination.page(history.entries(), history.pageSize(), e -> position(id, e.position()))
                .map(CustomerHistoryController::entry);
    }

    /** A cursor this history issued: its customer's, with a sequence, a calculation or both. */
    private static boolean isPositionIn(String customerId, Map<String, String> cursor) {
        Map<String, String> position = new LinkedHashMap<>(cursor);
        return customerId.equals(position.remove(CUSTOMER)) && !position.isEmpty()
                && Set.of(SEQUENCE, CALCULATION).containsAll(position.keySet())
                && position.values().stream().allMatch(v -> v != null && v.matches("\\d{1,18}"));
    }

    private static Entry entry(CustomerHistory.Entry e) {
        Map<String, Change> changes = new LinkedHashMap<>();
        e.changes().forEach((field, change) -> changes.put(field, new Change(change.oldValue(), change.newValue())));
        return new Entry(e.eventId(), e.type(), e.occurredAt(), new Actor(e.actor().type(), e.actor().id()),
                e.traceId(), e.version(), changes);
    }

    private static Map<String, String> position(String customerId, CustomerHistory.Position position) {
        Map<String, String> cursor = new LinkedHashMap<>();
        cursor.put(CUSTOMER, customerId);
        if (position.sequence() != null) {
            cursor.put(SEQUENCE, String.valueOf(position.sequence()));
        }
        if (position.calculation() > 0) {
            cursor.put(CALCULATION, String.valueOf(position.calculation()));
        }
        return cursor;
    }

}
