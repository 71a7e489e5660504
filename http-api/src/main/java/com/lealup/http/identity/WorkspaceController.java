package com.lealup.http.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Names;
import com.lealup.http.support.RequestJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.lealup.api.Ids;
import com.lealup.api.identity.CreateWorkspace;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.FindWorkspace;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.Scopes;
import com.lealup.api.identity.WorkspaceView;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.CarriesSecret;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ETags;
import com.lealup.http.support.auth.IdentityCommands;
import com.lealup.http.support.auth.Secrets;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API: creates a workspace with its first admin key (all scopes), reads one where its creation's
 * Location points, and issues a workspace another admin key when its own are revoked or lost. Only the operator
 * token gets here.
 */
@Tag(name = "Operator")
@RestController
class WorkspaceController {

    @Schema(example = "{\"name\": \"Acme Success\", \"tier\": \"growth\"}")
    record CreateWorkspaceRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Names.MAX_LENGTH, pattern = Names.PATTERN) String name,
                                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String tier) {
    }

    @Schema(example = """
            {"id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "Northwind CS", "tier": "growth",
            "created_at": "2026-03-01T10:00:00Z"}""")
    record WorkspaceJson(String id, String name, String tier, Instant createdAt) {

        /** A workspace does not change after its creation: its version is its first. */
        static final long ONLY_VERSION = 1;

        static WorkspaceJson of(WorkspaceView workspace) {
            return new WorkspaceJson(workspace.id(), workspace.name(), workspace.tier(), workspace.createdAt());
        }
    }

    /** Its api_key, the workspace's first admin key, has every scope and its secret, shown this once. */
    @Schema(example = """
            {"workspace": {"id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "Northwind CS", "tier": "growth",
            "created_at": "2026-03-01T10:00:00Z"},
            "api_key": {"id": "key_01JD3K2N5P6Q7R8S9T0V1W2X3Y", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
            "name": "Admin key", "role": "admin", "scopes": ["customers:read", "customers:write", "health:read",
            "health:write", "playbooks:read", "playbooks:write", "tasks:read", "tasks:write", "users:read",
            "users:write", "analytics:read", "events:read", "events:write", "webhooks:read", "webhooks:write",
            "integrations:read", "integrations:write", "admin:*"], "user_id": null,
            "created_at": "2026-03-01T10:00:00.045Z", "secret": "lk_cE0d1LrxIqCotYlMYtUMTfGNMBuFJmUfj0tW7b4kU_s"}}""")
    record CreatedWorkspace(WorkspaceJson workspace, ApiKeyJson apiKey) {
    }

    @Schema(example = "{\"name\": \"Recovery key\"}")
    record IssueAdminKeyRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Names.MAX_LENGTH,
            pattern = Names.PATTERN) String name) {
    }

    private final Commands commands;
    private final IdentityCommands apiKeys;
    private final RequestJson requestJson;
    private final QueryGateway queries;

    WorkspaceController(Commands commands, IdentityCommands apiKeys, RequestJson requestJson, QueryGateway queries) {
        this.commands = commands;
        this.apiKeys = apiKeys;
        this.requestJson = requestJson;
        this.queries = queries;
    }

    @Operation(operationId = "getWorkspace", summary = "A workspace (operator token only)",
            description = "Where the Location of its creation points: its id, name, tier and creation time. A "
                    + "workspace does not change after its creation: its ETag is its first version.")
    @AnswersETag
    @GetMapping(path = "/v1/workspaces/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WorkspaceJson> get(@PathVariable String id) {
        return ResponseEntity.ok().eTag(ETags.of(WorkspaceJson.ONLY_VERSION)).body(WorkspaceJson.of(find(id)));
    }

    @Operation(operationId = "createWorkspace", summary = "Create a workspace (operator token only)", description = "Answers the workspace and its "
            + "first admin API key with every scope; the key's secret is shown only here: a retry with the same "
            + "Idempotency-Key (the operator's own scope) replays this answer without it.")
    @ApiResponse(responseCode = "201", description = "The workspace and its admin key")
    @AcceptedWhenLagging
    @CarriesSecret
    @PostMapping(path = "/v1/workspaces", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedWorkspace> create(Caller operator,
                                            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                    content = @Content(schema = @Schema(implementation = CreateWorkspaceRequest.class)))
                                            @RequestBody ObjectNode objectBody) {
        CreateWorkspaceRequest request = requestJson.refusingNulls(objectBody, CreateWorkspaceRequest.class, Set.of());
        String workspaceId = Ids.next(Ids.WORKSPACE);
        // the events belong to the new workspace: its id is their workspace_id metadata
        Caller acting = new Caller(workspaceId, request.tier(), operator.actorType(), operator.actorId(), null,
                operator.scopes());
        commands.send(acting, new CreateWorkspace(workspaceId, Names.trimmed(request.name()), request.tier()));
        String location = "/v1/workspaces/" + workspaceId;
        // lagging, the operator still gets the secret (and learns the key's id from GET /v1/users/me with it)
        IssuedKey issued = issueAdminKey(acting, Ids.next(Ids.API_KEY), "Admin key", Accepted.of(location, workspaceId, 1));
        return ResponseEntity.created(URI.create(location)).body(new CreatedWorkspace(
                WorkspaceJson.of(issued.credential().workspace()), ApiKeyJson.of(issued.credential().key(), issued.secret())));
    }

    @Operation(operationId = "issueWorkspaceAdminKey", summary = "Issue an admin key of a workspace (operator token only)",
            description = "The way back into a workspace whose admin keys were all revoked or lost: a new admin key "
                    + "with every scope, bound to no user, as the workspace's first. Its secret is in this answer only.")
    @ApiResponse(responseCode = "201", description = "The key, with its secret")
    @AcceptedWhenLagging
    @AnswersETag
    @CarriesSecret
    @PostMapping(path = "/v1/workspaces/{id}/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiKeyJson> issueAdminKey(Caller operator, @PathVariable String id,
                                             @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                     content = @Content(schema = @Schema(implementation = IssueAdminKeyRequest.class)))
                                             @RequestBody ObjectNode objectBody) {
        IssueAdminKeyRequest request = requestJson.refusingNulls(objectBody, IssueAdminKeyRequest.class, Set.of());
        WorkspaceView workspace = find(id);
        Caller acting = new Caller(workspace.id(), workspace.tier(), operator.actorType(), operator.actorId(), null,
                operator.scopes());
        String keyId = Ids.next(Ids.API_KEY);
        String location = IdentityCommands.keyLocation(keyId);
        IssuedKey issued = issueAdminKey(acting, keyId, Names.trimmed(request.name()),
                Accepted.of(location, keyId, ApiKeyJson.ONLY_VERSION));
        return ResponseEntity.created(URI.create(location)).eTag(ETags.of(ApiKeyJson.ONLY_VERSION))
                .body(ApiKeyJson.of(issued.credential().key(), issued.secret()));
    }

    private record IssuedKey(Credential credential, String secret) {
    }

    /** An admin key with every scope, bound to no user: {@code lagging} (with the secret) if the read model lags. */
    private IssuedKey issueAdminKey(Caller acting, String keyId, String name, Accepted lagging) {
        String secret = Secrets.newApiKeySecret();
        Credential credential = apiKeys.issue(acting, new IssueApiKey(keyId, acting.workspaceId(), name, Roles.ADMIN,
                Scopes.ALL, null, Secrets.sha256Hex(secret)), lagging.withSecret(secret));
        return new IssuedKey(credential, secret);
    }

    private WorkspaceView find(String id) {
        Optional<WorkspaceView> workspace = Ids.looksLike(Ids.WORKSPACE, id)
                ? queries.query(new FindWorkspace(id), ResponseTypes.optionalInstanceOf(WorkspaceView.class)).join()
                : Optional.empty();
        return workspace.orElseThrow(() -> ApiException.notFound("Workspace", id));
    }
}
