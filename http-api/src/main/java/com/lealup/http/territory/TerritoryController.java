package com.lealup.http.territory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Names;
import com.lealup.http.support.Refusal;
import com.lealup.http.support.RequestJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.lealup.api.Ids;
import com.lealup.api.identity.Roles;
import com.lealup.api.territory.CreateTerritory;
import com.lealup.api.territory.FindTerritory;
import com.lealup.api.territory.ListTerritories;
import com.lealup.api.territory.TerritoryView;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.ReadYourWrites;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/territories}: areas users are assigned to. Anyone with {@code users:read} lists and reads them; admins and
 * managers (with {@code customers:write}: territories divide the book of customers) create them.
 */
@Tag(name = "Territories")
@RestController
@RequestMapping(path = "/v1/territories", produces = MediaType.APPLICATION_JSON_VALUE)
class TerritoryController {

    @Schema(example = "{\"name\": \"EMEA\"}")
    record TerritoryRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Names.MAX_LENGTH, pattern = Names.PATTERN,
            description = "Unique in the workspace (409)") String name) {
    }

    @Schema(example = """
            {"id": "ter_01JD3KCA3D4E5F6G7H8J9K0M1N", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "EMEA",
            "created_at": "2026-03-01T10:02:00Z"}""")
    record TerritoryJson(String id, String tenantId, String name, Instant createdAt) {
        static TerritoryJson of(TerritoryView t) {
            return new TerritoryJson(t.id(), t.workspaceId(), t.name(), t.createdAt());
        }
    }

    private final Commands commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final RequestJson requestJson;

    TerritoryController(Commands commands, QueryGateway queries, ReadYourWrites readYourWrites,
                        RequestJson requestJson) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.requestJson = requestJson;
    }

    @Operation(operationId = "listTerritories", summary = "The workspace's territories",
            description = "Paginated with limit and cursor. Users are given territories when invited (initial_territory_ids).")
    @GetMapping
    Page<TerritoryJson> list(Caller caller, @RequestParam(required = false) String limit,
                             @RequestParam(required = false) String cursor) {
        caller.require("users:read");
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.byNameAndId(Ids.TERRITORY));
        ListTerritories.Page rows = queries.query(new ListTerritories(caller.workspaceId(), after, pageSize),
                ResponseTypes.instanceOf(ListTerritories.Page.class)).join();
        return Pagination.page(rows.rows(), pageSize, t -> Map.of("name", t.name(), "id", t.id())).map(TerritoryJson::of);
    }

    @Operation(operationId = "getTerritory", summary = "A territory",
            description = "Where the Location of its creation points. A territory does not change: its ETag is its first version.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<TerritoryJson> get(Caller caller, @PathVariable String id) {
        caller.require("users:read");
        Optional<TerritoryView> territory = Ids.looksLike(Ids.TERRITORY, id)
                ? queries.query(new FindTerritory(caller.workspaceId(), id), ResponseTypes.optionalInstanceOf(TerritoryView.class)).join()
                : Optional.empty();
        return ResponseEntity.ok().eTag(ETags.of(1)).body(TerritoryJson.of(territory
                .orElseThrow(() -> ApiException.notFound("Territory", id))));
    }

    @Operation(operationId = "createTerritory", summary = "Create a territory (admin or manager)", description = "Names are unique in a workspace (409).")
    @ApiResponse(responseCode = "201", description = "The territory")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "duplicate_territory_name", when = "a territory of the workspace "
            + "has this name, ignoring case (existing_id names it)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TerritoryJson> create(Caller caller,
                                         @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                 content = @Content(schema = @Schema(implementation = TerritoryRequest.class)))
                                         @RequestBody ObjectNode objectBody) {
        caller.requireRole(Roles.ADMIN, Roles.MANAGER).require("customers:write");
        TerritoryRequest body = requestJson.refusingNulls(objectBody, TerritoryRequest.class, Set.of());
        String id = Ids.next(Ids.TERRITORY);
        String name = Names.trimmed(body.name());
        String location = "/v1/territories/" + id;
        commands.send(caller, new CreateTerritory(id, caller.workspaceId(), name));
        TerritoryView territory = readYourWrites.awaitOrAccept(new FindTerritory(caller.workspaceId(), id),
                TerritoryView.class, t -> true, Accepted.of(location, id, 1));
        return ResponseEntity.created(URI.create(location)).eTag(ETags.of(1)).body(TerritoryJson.of(territory));
    }
}
