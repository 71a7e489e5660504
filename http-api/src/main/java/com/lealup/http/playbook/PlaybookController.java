package com.lealup.http.playbook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.api.playbook.CreatePlaybook;
import com.lealup.api.playbook.DeletePlaybook;
import com.lealup.api.playbook.FindPlaybook;
import com.lealup.api.playbook.FindPlaybookVersion;
import com.lealup.api.playbook.ListPlaybookRuns;
import com.lealup.api.playbook.ListPlaybooks;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookList;
import com.lealup.api.playbook.PlaybookRunList;
import com.lealup.api.playbook.PlaybookView;
import com.lealup.api.playbook.UpdatePlaybook;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.PartialBody;
import com.lealup.http.support.Refusal;
import com.lealup.http.support.RequestJson;
import com.lealup.http.support.ReadYourWrites;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import java.util.Set;
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

/** {@code /v1/playbooks}: what the team wants done when customers match a condition (API.md section 6). */
@Tag(name = "Playbooks")
@RestController
@RequestMapping(path = "/v1/playbooks", produces = MediaType.APPLICATION_JSON_VALUE)
class PlaybookController {

    private static final String READ = "playbooks:read";
    private static final String WRITE = "playbooks:write";

    private final Commands commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final RequestJson requestJson;

    PlaybookController(Commands commands, QueryGateway queries, ReadYourWrites readYourWrites, RequestJson requestJson) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.requestJson = requestJson;
    }

    @Operation(operationId = "listPlaybooks", summary = "List the workspace's playbooks, newest first",
            description = "Paginated with limit and cursor.")
    @GetMapping
    Page<PlaybookJson> list(Caller caller, @RequestParam(required = false) String limit,
                            @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = cursorOf(cursor, Ids.PLAYBOOK);
        PlaybookList rows = queries.query(new ListPlaybooks(caller.workspaceId(), after, pageSize),
                ResponseTypes.instanceOf(PlaybookList.class)).join();
        return Pagination.page(rows.rows(), pageSize, p -> Map.of("id", p.id())).map(PlaybookJson::of);
    }

    @Operation(operationId = "createPlaybook", summary = "Create a playbook", description = "enabled defaults to false and cooldown_days to 0 when absent; "
            + "null is 400 not_nullable for every field but description, at any depth (actions[0].priority). "
            + "An invalid trigger.expression is 400 with the position; an assignee that is not a user of the "
            + "workspace, or a webhook target at an internal address, is 422. Created enabled, it fires at once for every customer that matches.")
    @ApiResponse(responseCode = "201", description = "The playbook, with Location and ETag")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_assignee", when = "an action's assignee names "
            + "no active user of the workspace")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "target_not_allowed", when = "a webhook action's "
            + "target resolves to an internal address")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PlaybookJson> create(Caller caller,
                                        @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                content = @Content(schema = @Schema(implementation = PlaybookRequests.Body.class)))
                                        @RequestBody ObjectNode body) {
        caller.require(WRITE);
        // read as a PATCH is: a field sent as null, at any depth, is refused, and the records alone cannot tell it
        // from an absent one
        PartialBody<PlaybookRequests.Body> request = requestJson.partialAtEveryDepth(body, PlaybookRequests.Body.class);
        PlaybookDefinition definition = PlaybookRequests.forCreate(request.value(), request.nulls());
        String id = Ids.next(Ids.PLAYBOOK);
        readYourWrites.awaitCreation(new FindPlaybookVersion(id),
                () -> commands.send(caller, new CreatePlaybook(id, caller.workspaceId(), definition)),
                Accepted.of(location(id), id, 1));
        PlaybookView playbook = find(caller, id);
        return ResponseEntity.created(URI.create(location(id))).eTag(ETags.of(playbook.version()))
                .body(PlaybookJson.of(playbook));
    }

    @Operation(operationId = "getPlaybook", summary = "A playbook", description = "ETag is its version.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<PlaybookJson> get(Caller caller, @PathVariable String id) {
        caller.require(READ);
        PlaybookView playbook = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(playbook.version())).body(PlaybookJson.of(playbook));
    }

    @Operation(operationId = "updatePlaybook", summary = "Change a playbook", description = "Partial: trigger and actions are replaced whole; "
            + "description may be cleared with null, and no other field, at any depth, may be null (400 not_nullable). "
            + "Enabling it, or changing the trigger of an enabled one, makes it fire once for every customer that matches then. If-Match makes it conditional (412).")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_assignee", when = "an action's assignee names "
            + "no active user of the workspace")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "target_not_allowed", when = "a webhook action's "
            + "target resolves to an internal address")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PlaybookJson> update(Caller caller, @PathVariable String id,
                                        @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                                schema = @Schema(implementation = PlaybookRequests.Body.class)))
                                        @RequestBody ObjectNode body,
                                        @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.require(WRITE);
        Long expectedVersion = ETags.expectedVersion(ifMatch, () -> find(caller, id).version());
        PartialBody<PlaybookRequests.Body> patch = requestJson.partialAtEveryDepth(body, PlaybookRequests.Body.class);
        PlaybookDefinition changes = PlaybookRequests.forChange(patch.value(), patch.nulls());
        Set<String> cleared = patch.nulls().contains(PlaybookDefinition.DESCRIPTION)
                ? Set.of(PlaybookDefinition.DESCRIPTION) : Set.of();
        readYourWrites.awaitWrite(new FindPlaybookVersion(id), () -> commands.send(caller, new UpdatePlaybook(
                requirePlaybookId(id), caller.workspaceId(), expectedVersion, changes, cleared)),
                version -> Accepted.of(location(id), id, version));
        PlaybookView playbook = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(playbook.version())).body(PlaybookJson.of(playbook));
    }

    @Operation(operationId = "deletePlaybook", summary = "Delete a playbook", description = "It never fires again; its runs stay in the event history.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        caller.require(WRITE);
        readYourWrites.awaitChangeAtMost(new FindPlaybookVersion(id),
                () -> commands.send(caller, new DeletePlaybook(requirePlaybookId(id), caller.workspaceId())));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listPlaybookRuns", summary = "A playbook's runs, newest first", description = "Each run: the customer, when it matched, "
            + "the snapshot of the values that made it match, and each action's status (pending, succeeded, failed) "
            + "with the task it created or the error.")
    @GetMapping("/{id}/runs")
    Page<PlaybookJson.Run> runs(Caller caller, @PathVariable String id, @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = cursorOf(cursor, Ids.PLAYBOOK_RUN);
        find(caller, id);
        PlaybookRunList rows = queries.query(new ListPlaybookRuns(caller.workspaceId(), id, after, pageSize),
                ResponseTypes.instanceOf(PlaybookRunList.class)).join();
        return Pagination.page(rows.rows(), pageSize, r -> Map.of("id", r.id())).map(PlaybookJson.Run::of);
    }


    private static String location(String id) {
        return "/v1/playbooks/" + id;
    }

    private PlaybookView find(Caller caller, String id) {
        return queries.query(new FindPlaybook(caller.workspaceId(), requirePlaybookId(id)),
                ResponseTypes.optionalInstanceOf(PlaybookView.class)).join().orElseThrow(() -> notFound(id));
    }

    private static String requirePlaybookId(String id) {
        if (!Ids.looksLike(Ids.PLAYBOOK, id)) {
            throw notFound(id);
        }
        return id;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Playbook", id);
    }

    private static Map<String, String> cursorOf(String cursor, String idPrefix) {
        return Pagination.decode(cursor, Pagination.byId(idPrefix));
    }
}
