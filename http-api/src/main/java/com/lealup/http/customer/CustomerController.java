package com.lealup.http.customer;

import com.lealup.api.Characters;
import com.lealup.api.StorableText;
import com.lealup.http.support.Refusal;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.api.Written;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.CustomerAsOf;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerFilter;
import com.lealup.api.customer.CustomerLifecycle;
import com.lealup.api.customer.CustomerList;
import com.lealup.api.customer.CustomerSort;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.DeleteCustomer;
import com.lealup.api.customer.EraseCustomer;
import com.lealup.api.customer.FindCustomerAsOf;
import com.lealup.api.customer.ListCustomers;
import com.lealup.api.customer.ListTrash;
import com.lealup.api.customer.RestoreCustomer;
import com.lealup.api.customer.UpdateCustomer;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.FindCustomerHealthAsOf;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.Dates;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.PartialBody;
import com.lealup.http.support.QueryNumbers;
import com.lealup.http.support.QueryLists;
import com.lealup.http.support.QueryValues;
import com.lealup.http.support.RenderedJson;
import com.lealup.http.support.RequestJson;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/customers}: the customer resource, its trash and its restore (API.md section 3). */
@Tag(name = "Customers")
@RestController
@RequestMapping(path = "/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerController {

    /** The characters of custom fields a page of customers holds at most (the JSON the read model keeps). */
    static final long MAX_PAGE_TEXT = 2_000_000;

    static final String READ = "customers:read";
    static final String WRITE = "customers:write";
    private static final int MAX_RENEWAL_WINDOW_DAYS = 3650;

    private final Commands commands;
    private final QueryGateway queries;
    private final CustomerReadModel readModel;
    private final RequestJson requestJson;
    private final RenderedCustomers rendered;
    private final Clock clock;

    CustomerController(Commands commands, QueryGateway queries, CustomerReadModel readModel, RequestJson requestJson,
                       RenderedCustomers rendered, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.readModel = readModel;
        this.requestJson = requestJson;
        this.rendered = rendered;
        this.clock = clock;
    }

    @Operation(operationId = "listCustomers", summary = "List the workspace's customers", description = "Filters combine with AND; q is case- and "
            + "accent-insensitive over name and email_domain. Sorts: name, -arr, renewal_date, -health_score, "
            + "-created_at (default); missing values sort last. min_arr and max_arr are 0 to below 10^15 with at "
            + "most 2 decimals (400 out_of_range). A page holds at most 2,000,000 characters of custom fields: it "
            + "may end before limit (has_more, next_cursor), with one customer at least.")
    @GetMapping
    Page<RenderedJson<CustomerJson>> list(Caller caller,
                            @RequestParam(required = false) String status,
                            @RequestParam(name = "owner_id", required = false) String ownerId,
                            @RequestParam(name = "segment_id", required = false) String segmentId,
                            @RequestParam(name = "health_status", required = false) String healthStatus,
                            @RequestParam(name = "min_arr", required = false) String minArr,
                            @RequestParam(name = "max_arr", required = false) String maxArr,
                            @RequestParam(name = "renewal_within_days", required = false) String renewalWithinDays,
                            @RequestParam(required = false) String q,
                            @RequestParam(required = false) String sort,
                            @RequestParam(required = false) String limit,
                            @RequestParam(required = false) String cursor) {
        caller.require(READ);
        sort = QueryValues.one("sort", sort);
        healthStatus = QueryValues.one("health_status", healthStatus);
        CustomerSort order = sort == null ? CustomerSort.DEFAULT : CustomerSort.fromParameter(sort)
                .orElseThrow(() -> ApiException.validation("sort", "unknown_value", "sort must be one of "
                        + Arrays.stream(CustomerSort.values()).map(CustomerSort::parameter).collect(Collectors.joining(", "))));
        if (healthStatus != null && !CustomerLifecycle.HEALTH_STATUSES.contains(healthStatus)) {
            throw ApiException.validation("health_status", "unknown_value",
                    "health_status must be one of " + String.join(", ", CustomerLifecycle.HEALTH_STATUSES));
        }
        if (q != null && Characters.count(q) > CustomerFilter.MAX_SEARCH_LENGTH) {
            throw ApiException.validation("q", "too_long", "q is at most " + CustomerFilter.MAX_SEARCH_LENGTH + " characters");
        }
        BigDecimal min = amount("min_arr", minArr);
        BigDecimal max = amount("max_arr", maxArr);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw ApiException.validation("min_arr", "out_of_range", "min_arr must not exceed max_arr");
        }
        CustomerFilter filter = new CustomerFilter(QueryLists.items("status", status, CustomerLifecycle.STATUSES),
                QueryValues.one("owner_id", ownerId),
                QueryValues.one("segment_id", segmentId), healthStatus, min, max,
                days(renewalWithinDays), q, LocalDate.now(clock));
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, order::accepts);
        CustomerList rows = queries.query(new ListCustomers(caller.workspaceId(), filter, order, after, pageSize),
                ResponseTypes.instanceOf(CustomerList.class)).join();
        return Pagination.page(rows.rows(), withinText(rows.rows(), pageSize), order::positionOf).map(rendered::of);
    }

    @Operation(operationId = "createCustomer", summary = "Create a customer", description = "owner_email or owner_id names the owner (a user of the "
            + "workspace, else 422); a renewal_date before today is 422; an email_domain another customer of the "
            + "workspace holds is 409 naming it (existing_id). Readable at once by the next request.")
    @ApiResponse(responseCode = "201", description = "The customer, with Location and ETag")
    @AcceptedWhenLagging
    @AnswersETag
    @CustomerFieldRefusals
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerJson.Detail> create(Caller caller,
                                               @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                       content = @Content(schema = @Schema(implementation = CustomerRequest.class)))
                                               @RequestBody ObjectNode body) {
        caller.require(WRITE);
        // read as a PATCH is: a field sent as null is refused, and the record alone cannot tell it from an absent one
        PartialBody<CustomerRequest> request = requestJson.partial(body, CustomerRequest.class);
        CustomerFields fields = CustomerInput.forCreate(request.value(), request.nulls());
        String id = Ids.next(Ids.CUSTOMER);
        CustomerJson.Detail customer = readModel.create(caller, id, () -> commands.send(caller, new CreateCustomer(id,
                caller.workspaceId(), fields, request.value().ownerEmail())), accepted(id, 1));
        return ResponseEntity.created(URI.create(location(id)))
                .eTag(ETags.of(customer.customer().version()))
                .body(customer);
    }

    @Operation(operationId = "getCustomer", summary = "A customer, with its health, renewal and pending tasks", description = "ETag is its version. "
            + "as_of (an ISO 8601 time, Z or an offset, taken to the microsecond it falls in and echoed so) answers the customer "
            + "as it was then, folded from the event store: its fields and version at that instant, renewal days "
            + "counted from that date, its health the last score published at or before that instant with its breakdown "
            + "(members null, dimensions empty, before its first score), and no pending_tasks (404 if it "
            + "did not exist yet or was in the trash then; 400 out_of_range if it is in the future). Its ETag is the "
            + "customer's version now, which any later change moves (its erasure included), not the version shown.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<CustomerJson.Detail> get(Caller caller, @PathVariable String id,
                                            @RequestParam(name = "as_of", required = false) String asOf) {
        caller.require(READ);
        // the microsecond the fold compares with and the answer echoes
        Instant at = Dates.instantToTheMicrosecond("as_of", asOf);
        if (at != null && at.isAfter(clock.instant())) {
            // the event store holds no future: an answer would show today's customer dated then
            throw ApiException.validation("as_of", "out_of_range", "as_of must not be in the future");
        }
        if (at != null) {
            Optional<CustomerAsOf> found = Ids.looksLike(Ids.CUSTOMER, id)
                    ? queries.query(new FindCustomerAsOf(caller.workspaceId(), id, at),
                            ResponseTypes.optionalInstanceOf(CustomerAsOf.class)).join()
                    : Optional.empty();
            CustomerAsOf then = found.orElseThrow(() -> ApiException.notFound(
                    "Customer '" + StorableText.abbreviated(id) + "' was not found as of " + at));
            CustomerHealthView healthThen = queries.query(new FindCustomerHealthAsOf(caller.workspaceId(), id, at),
                    CustomerHealthView.class).join();
            return ResponseEntity.ok().eTag(ETags.of(then.versionNow()))
                    .body(CustomerJson.asOf(then.then(), at, healthThen));
        }
        CustomerJson.Detail customer = readModel.detail(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(customer.customer().version())).body(customer);
    }

    @Operation(operationId = "updateCustomer", summary = "Update a customer partially", description = "Only the fields sent change; custom_fields "
            + "merge key by key and a null value removes a key; owner_id (or owner_email), segment_id and renewal_date "
            + "may be cleared with null. A body that repeats the customer's values changes nothing and keeps the "
            + "version. If-Match with the ETag makes the update conditional (412 when stale).")
    @AcceptedWhenLagging
    @AnswersETag
    @CustomerFieldRefusals
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "too_many_custom_fields", when = "the custom fields "
            + "the customer would have are more than the limit")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerJson.Detail> update(Caller caller, @PathVariable String id,
                                               @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                                       schema = @Schema(implementation = CustomerRequest.class)))
                                               @RequestBody ObjectNode body,
                                               @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.require(WRITE);
        Long expectedVersion = ETags.expectedVersion(ifMatch,
                () -> readModel.detail(caller, id).customer().version());
        PartialBody<CustomerRequest> patch = requestJson.partial(body, CustomerRequest.class);
        CustomerFields changes = CustomerInput.forUpdate(patch.value(), patch.nulls());
        Set<String> cleared = CustomerInput.cleared(patch.nulls());
        CustomerJson.Detail customer = readModel.write(caller, id, () -> commands.send(caller, new UpdateCustomer(
                requireCustomerId(id), caller.workspaceId(), expectedVersion, changes, cleared,
                patch.value().ownerEmail())), version -> accepted(id, version));
        return ResponseEntity.ok().eTag(ETags.of(customer.customer().version())).body(customer);
    }

    @Operation(operationId = "deleteCustomer", summary = "Delete a customer", description = "Soft delete: the customer goes to the trash for 30 days "
            + "(restorable), then is erased. hard=true (scope admin:*) is the GDPR erasure, live or in the trash, at "
            + "once: the customer's data key is destroyed (crypto-shredding), so no endpoint, read model, replay or "
            + "history entry returns its or its contacts' personal data again (the history keeps the events' shape "
            + "with \"[erased]\"); its read-model rows, usage log and stored idempotent responses are deleted. Answers once "
            + "every read model and policy has handled the erasure (at most the read-your-writes timeout) and, with "
            + "several nodes, once no node can still open its data from a cached key (about a second). Not "
            + "reversible. An erased customer is 404 everywhere but in its history (docs/gdpr-erasure.md).")
    @ApiResponse(responseCode = "204", description = "In the trash, or erased (hard=true)")
    @Refusal(status = HttpStatus.CONFLICT, code = "import_in_progress", when = "hard=true while an import still to "
            + "run has a row naming the customer (with its job_id): erase it once the job has ended")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id,
                                @Parameter(description = "true: GDPR erasure (scope admin:*) instead of the trash")
                                @RequestParam(required = false) Boolean hard) {
        boolean erase = Boolean.TRUE.equals(hard);
        caller.require(erase ? Caller.ADMIN_SCOPE : WRITE);
        String customerId = requireCustomerId(id);
        if (erase) {
            readModel.awaitErasure(() -> commands.send(caller, new EraseCustomer(customerId, caller.workspaceId())));
        } else {
            readModel.awaitDeletion(id, () -> commands.send(caller, new DeleteCustomer(customerId, caller.workspaceId())));
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listTrashedCustomers", summary = "Deleted customers that can still be restored", description = "Most recently deleted first. A "
            + "page holds at most 2,000,000 characters of custom fields, as the list's.")
    @GetMapping("/trash")
    Page<CustomerJson.Trashed> trash(Caller caller, @RequestParam(required = false) String limit,
                                     @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.exactly("deleted_at", "id")
                .and(position -> Dates.isCursorInstant(position.get("deleted_at"))));
        CustomerList rows = queries.query(new ListTrash(caller.workspaceId(), after, pageSize),
                ResponseTypes.instanceOf(CustomerList.class)).join();
        return Pagination.page(rows.rows(), withinText(rows.rows(), pageSize),
                c -> Map.of("deleted_at", c.deletedAt().toString(), "id", c.id())).map(CustomerJson::trashed);
    }

    /**
     * How many of {@code rows} a page shows: {@code limit}, or fewer (one at least) when their custom fields would
     * pass {@value #MAX_PAGE_TEXT} characters. 200 customers of 100 custom fields at their longest are 40 million
     * characters, a page that a few concurrent reads would hold in the server's memory; such customers page by 10 to
     * 20 (emoji or ASCII).
     */
    private static int withinText(List<CustomerView> rows, int limit) {
        long text = 0;
        for (int i = 0; i < Math.min(rows.size(), limit); i++) {
            String fields = rows.get(i).customFieldsJson();
            text += fields == null ? 0 : fields.length();
            if (text > MAX_PAGE_TEXT && i > 0) {
                return i;
            }
        }
        return limit;
    }

    @Operation(operationId = "restoreCustomer", summary = "Bring a customer back from the trash", description = "The "
            + "customer, with its ETag; 409 when it is not in the trash.")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "not_deleted", when = "the customer is not in the trash")
    @PostMapping("/{id}/restore")
    ResponseEntity<CustomerJson.Detail> restore(Caller caller, @PathVariable String id) {
        caller.require(WRITE);
        // the customer decides (a live one is 409 not_deleted, another workspace's 404): the read model may lag
        // behind a delete, or be read between a concurrent restore and delete
        CustomerJson.Detail customer = readModel.write(caller, id, () -> Written.change(commands.send(caller,
                new RestoreCustomer(requireCustomerId(id), caller.workspaceId()))), version -> accepted(id, version));
        return ResponseEntity.ok().eTag(ETags.of(customer.customer().version())).body(customer);
    }

    static String location(String id) {
        return "/v1/customers/" + id;
    }

    private static Accepted accepted(String id, long version) {
        return Accepted.of(location(id), id, version);
    }

    /** A path id that is not a customer id cannot name a customer: 404 without a command. */
    static String requireCustomerId(String id) {
        if (!Ids.looksLike(Ids.CUSTOMER, id)) {
            throw ApiException.notFound("Customer", id);
        }
        return id;
    }

    /** An ARR bound, as an ARR is bounded: the read model's numeric column holds nothing else. */
    private static BigDecimal amount(String field, String value) {
        if (value == null) {
            return null;
        }
        BigDecimal amount = QueryNumbers.decimal(value);
        if (amount == null) {
            throw ApiException.validation(field, "invalid_value", field + " must be a number >= 0");
        }
        if (amount.signum() < 0 || amount.compareTo(CustomerInput.MAX_ARR) >= 0 || amount.stripTrailingZeros().scale() > 2) {
            throw ApiException.validation(field, "out_of_range", field + " must be from 0 to below 10^15, with at most 2 decimals");
        }
        return amount;
    }

    private static Integer days(String value) {
        return value == null ? null
                : QueryNumbers.within("renewal_within_days", value, 0, MAX_RENEWAL_WINDOW_DAYS);
    }

}
