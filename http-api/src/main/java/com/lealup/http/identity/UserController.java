package com.lealup.http.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.http.support.Refusal;
import com.lealup.http.support.RequestJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.lealup.api.Actor;
import com.lealup.api.Emails;
import com.lealup.api.Ids;
import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.ChangeUserRole;
import com.lealup.api.identity.DeactivateUser;
import com.lealup.api.identity.FindUser;
import com.lealup.api.identity.FindWorkspace;
import com.lealup.api.identity.InviteUser;
import com.lealup.api.identity.ListUserApiKeys;
import com.lealup.api.identity.ListUsers;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.UpdateUser;
import com.lealup.api.identity.UserView;
import com.lealup.api.identity.WorkspaceView;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.auth.IdentityCommands;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * {@code /v1/users}: the people of the workspace. Reading and changing them is for admins (role admin, with
 * {@code users:read} to read and {@code users:write} to change); {@code /v1/users/me} is for anyone.
 */
@Tag(name = "Users")
@RestController
@RequestMapping(path = "/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
class UserController {

    @Schema(example = "{\"email\": \"maria@acme.com\", \"role\": \"csm\", \"locale\": \"es\", \"timezone\": \"Europe/Madrid\", \"initial_territory_ids\": [\"ter_01JD3K4Z5X6Y7W8V9T0S1R2Q3P\"]}")
    record InviteRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Emails.MAX_LENGTH,
                                 pattern = Emails.PATTERN, description = "Unique in the workspace (409)") String email,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String role,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String locale,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A zone of the IANA tz database, as spelt there, "
                                 + "such as Europe/Madrid, America/New_York or UTC; not an offset (+02:00), an "
                                 + "abbreviation (EST) nor a SystemV/ zone (400 invalid_format)")
                         String timezone,
                         @JsonSetter(contentNulls = Nulls.FAIL)
                         @Schema(description = "Territories of the workspace (else 422); absent for none (null is "
                                 + "400 not_nullable)") List<String> initialTerritoryIds) {
    }

    @Schema(example = "{\"role\": \"manager\"}")
    record RoleRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String role) {
    }

    @Schema(example = "{\"locale\": \"en\", \"timezone\": \"America/New_York\", \"territory_ids\": [\"ter_01JD3K4Z5X6Y7W8V9T0S1R2Q3P\"]}")
    record ChangeRequest(@Schema(description = "es, en or pt (400); not null") String locale,
                         @Schema(description = "A zone of the IANA tz database, as on the invitation (400 "
                                 + "invalid_format); not null") String timezone,
                         @JsonSetter(contentNulls = Nulls.FAIL)
                         @Schema(description = "Territories of the workspace (else 422), replacing the list whole; [] "
                                 + "clears it; not null") List<String> territoryIds) {
    }

    @Schema(name = "MeWorkspace")
    record WorkspaceJson(String id, String name, String tier) {
    }

    /** The calling actor; {@code email} only for a user. */
    @Schema(example = """
            {"type": "user", "id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K", "email": "maria@northwind.io",
            "workspace": {"id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "Northwind CS", "tier": "growth"},
            "role": "csm", "scopes": ["customers:read", "customers:write", "tasks:read", "tasks:write"]}""")
    record MeJson(String type, String id, @JsonInclude(JsonInclude.Include.NON_NULL) String email,
                  WorkspaceJson workspace, String role, Set<String> scopes) {
    }

    private final IdentityCommands users;
    private final QueryGateway queries;
    private final RequestJson requestJson;

    UserController(IdentityCommands users, QueryGateway queries, RequestJson requestJson) {
        this.users = users;
        this.queries = queries;
        this.requestJson = requestJson;
    }

    @Operation(operationId = "listUsers", summary = "The workspace's users (admin)",
            description = "Paginated with limit and cursor. Users join with POST /v1/users (an invitation).")
    @GetMapping
    Pagination.Page<UserJson> list(Caller caller, @RequestParam(required = false) String limit,
                                   @RequestParam(required = false) String cursor) {
        caller.requireRole(Roles.ADMIN).require("users:read");
        int pageSize = Pagination.limit(limit);
        List<UserView> rows = queries.query(
                new ListUsers(caller.workspaceId(),
                        Pagination.decode(cursor, Pagination.byId(Ids.USER)).get("id"), pageSize + 1),
                ResponseTypes.multipleInstancesOf(UserView.class)).join();
        return Pagination.page(rows.stream().map(UserJson::of).toList(), pageSize, user -> Map.of("id", user.id()));
    }

    @Operation(operationId = "getCurrentUser", summary = "The calling actor: a user or an API key, with workspace, role and scopes",
            description = "Who the bearer token acts as: a user (with its email) or an API key, with its workspace, role and effective scopes.")
    @GetMapping("/me")
    MeJson me(Caller caller) {
        WorkspaceView workspace = queries.query(new FindWorkspace(caller.workspaceId()),
                        ResponseTypes.optionalInstanceOf(WorkspaceView.class)).join()
                .orElseThrow(() -> new IllegalStateException("the caller's workspace is not in the read model"));
        String email = Actor.USER.equals(caller.actorType())
                ? find(caller.workspaceId(), caller.actorId()).map(UserView::email).orElse(null) : null;
        return new MeJson(caller.actorType(), caller.actorId(), email,
                new WorkspaceJson(workspace.id(), workspace.name(), workspace.tier()), caller.role(), caller.scopes());
    }

    @Operation(operationId = "getUser", summary = "A user", description = "ETag is its version.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<UserJson> get(Caller caller, @PathVariable String id) {
        caller.requireRole(Roles.ADMIN).require("users:read");
        UserView user = find(caller.workspaceId(), id).orElseThrow(() -> notFound(id));
        return ResponseEntity.ok().eTag(ETags.of(user.version())).body(UserJson.of(user));
    }

    @Operation(operationId = "inviteUser", summary = "Invite a user (admin, users:write)", description = "email unique in the workspace (409); "
            + "locale es|en|pt and an IANA timezone (400); initial_territory_ids must exist (422).")
    @ApiResponse(responseCode = "201", description = "The invited user")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "duplicate_email", when = "a user of the workspace, in any status, "
            + "has this email (existing_id names it)")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_territory", when = "initial_territory_ids "
            + "names a territory that is not the workspace's")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserJson> invite(Caller caller,
                                    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                            content = @Content(schema = @Schema(implementation = InviteRequest.class)))
                                    @RequestBody ObjectNode objectBody) {
        caller.requireRole(Roles.ADMIN).require("users:write");
        InviteRequest body = requestJson.refusingNulls(objectBody, InviteRequest.class, Set.of());
        String id = Ids.next(Ids.USER);
        UserView user = users.invite(caller, new InviteUser(id, caller.workspaceId(), body.email(), body.role(),
                body.locale(), body.timezone(), body.initialTerritoryIds()));
        return ResponseEntity.created(URI.create("/v1/users/" + id)).eTag(ETags.of(user.version())).body(UserJson.of(user));
    }

    @Operation(operationId = "changeUserRole", summary = "Change a user's role (admin)", description = "The user's API keys act in the new role "
            + "from the next request on, on every node (202 when a node's credential cache has not applied it within the "
            + "read-your-writes timeout). The last admin cannot be demoted (409). If-Match makes it conditional (412). "
            + "A user with a key holding a scope the calling key lacks is 403 (a key never grants nor revokes what it lacks).")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "user_deactivated", when = "the user is deactivated")
    @Refusal(status = HttpStatus.CONFLICT, code = "last_admin", when = "the user is the workspace's last admin")
    @PatchMapping(path = "/{id}/role", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserJson> changeRole(Caller caller, @PathVariable String id,
                                        @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                content = @Content(schema = @Schema(implementation = RoleRequest.class)))
                                        @RequestBody ObjectNode objectBody,
                                        @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.requireRole(Roles.ADMIN).require("users:write");
        RoleRequest body = requestJson.refusingNulls(objectBody, RoleRequest.class, Set.of());
        Long expectedVersion = expectedVersion(caller, id, ifMatch);
        requireUserId(id);
        requireScopesOfKeys(caller, id, "change the role of");
        UserView user = users.changeRole(caller, new ChangeUserRole(id, caller.workspaceId(), body.role(), expectedVersion));
        return ResponseEntity.ok().eTag(ETags.of(user.version())).body(UserJson.of(user));
    }

    @Operation(operationId = "updateUser", summary = "Change a user's locale, timezone or territories (admin, users:write)",
            description = "Only the members sent change; territory_ids is replaced whole ([] clears it); none may be "
            + "null (400 not_nullable). Checked as on the invitation: locale es|en|pt and an IANA timezone (400), "
            + "territories of the workspace (422). The role changes with PATCH /v1/users/{id}/role and the email not at "
            + "all (400 unknown_field). A body that repeats what the user holds changes nothing: 200, its version kept. "
            + "If-Match makes it conditional (412).")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "user_deactivated", when = "the user is deactivated")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_territory", when = "territory_ids names a "
            + "territory that is not the workspace's")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserJson> update(Caller caller, @PathVariable String id,
                                    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                            content = @Content(schema = @Schema(implementation = ChangeRequest.class)))
                                    @RequestBody ObjectNode objectBody,
                                    @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.requireRole(Roles.ADMIN).require("users:write");
        ChangeRequest body = requestJson.refusingNulls(objectBody, ChangeRequest.class, Set.of());
        Long expectedVersion = expectedVersion(caller, id, ifMatch);
        requireUserId(id);
        UserView user = users.update(caller, new UpdateUser(id, caller.workspaceId(), expectedVersion, body.locale(),
                body.timezone(), body.territoryIds()));
        return ResponseEntity.ok().eTag(ETags.of(user.version())).body(UserJson.of(user));
    }

    /** The version If-Match expects of the user; a list of ETags is compared with the user's current one. */
    private Long expectedVersion(Caller caller, String id, String ifMatch) {
        return ETags.expectedVersion(ifMatch,
                () -> find(caller.workspaceId(), id).orElseThrow(() -> notFound(id)).version());
    }

    @Operation(operationId = "deactivateUser", summary = "Deactivate a user (admin)", description = "The user's API keys fail from the next "
            + "request on, on every node (202 when a node's credential cache has not applied it within the "
            + "read-your-writes timeout); the last admin cannot be deactivated (409). A user with a key holding a scope the "
            + "calling key lacks is 403 (a key never grants nor revokes what it lacks).")
    @ApiResponse(responseCode = "204", description = "Deactivated")
    @AcceptedWhenLagging
    @Refusal(status = HttpStatus.CONFLICT, code = "user_deactivated", when = "the user is deactivated already")
    @Refusal(status = HttpStatus.CONFLICT, code = "last_admin", when = "the user is the workspace's last admin")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> deactivate(Caller caller, @PathVariable String id) {
        caller.requireRole(Roles.ADMIN).require("users:write");
        requireUserId(id);
        requireScopesOfKeys(caller, id, "deactivate");
        users.deactivate(caller, new DeactivateUser(id, caller.workspaceId()));
        return ResponseEntity.noContent().build();
    }

    /**
     * A user's keys act in the user's role and fail with the user: changing the role or deactivating grants or revokes
     * what they hold. A key never grants nor revokes what it lacks (as when issuing or revoking a key), so an admin
     * key narrowed to {@code users:write} cannot take away, nor give effect to, a key with {@code admin:*}.
     */
    private void requireScopesOfKeys(Caller caller, String userId, String action) {
        List<String> scopes = queries.query(new ListUserApiKeys(caller.workspaceId(), userId),
                        ResponseTypes.multipleInstancesOf(ApiKeyView.class)).join()
                .stream().flatMap(key -> key.scopes().stream()).distinct().toList();
        caller.missingScope(scopes).ifPresent(scope -> {
            throw ApiException.forbidden("A key of the user has the scope '" + scope + "', which the calling key does "
                    + "not have, so it cannot " + action + " the user");
        });
    }

    private Optional<UserView> find(String workspaceId, String userId) {
        if (!Ids.looksLike(Ids.USER, userId)) {
            return Optional.empty();
        }
        return queries.query(new FindUser(workspaceId, userId), ResponseTypes.optionalInstanceOf(UserView.class)).join();
    }

    /** Saves loading an aggregate for an id that cannot be one. */
    private static void requireUserId(String id) {
        if (!Ids.looksLike(Ids.USER, id)) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("User", id);
    }
}
