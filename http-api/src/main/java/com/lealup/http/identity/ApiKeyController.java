package com.lealup.http.identity;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.http.support.Refusal;
import com.lealup.http.support.RequestJson;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import com.lealup.http.support.AnswersETag;
import com.lealup.api.Names;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.lealup.api.Ids;
import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.FindApiKey;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.ListApiKeys;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.Scopes;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.ETags;
import com.lealup.http.support.CarriesSecret;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.auth.IdentityCommands;
import com.lealup.http.support.auth.Secrets;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workspace's API keys; admins only. A key never grants a scope its creator lacks. */
@Tag(name = "API keys")
@RestController
@RequestMapping(path = "/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyController {

    @Schema(example = "{\"name\": \"CRM sync\", \"role\": \"csm\", \"scopes\": [\"customers:read\", \"customers:write\"]}")
    record CreateApiKeyRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Names.MAX_LENGTH, pattern = Names.PATTERN) String name,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String role,
                               // required: as the items' requiredMode (swagger-core#4341)
                               @ArraySchema(minItems = 1, arraySchema = @Schema(description = "At most the caller's own "
                                       + "scopes (403)"), schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
                               @JsonSetter(contentNulls = Nulls.FAIL) List<String> scopes,
                               @Schema(description = "The user the key acts for, an active user of the workspace; "
                                       + "absent for a key of its own (null is 400 not_nullable)")
                               String userId) {
    }

    private final IdentityCommands apiKeys;
    private final QueryGateway queryGateway;
    private final RequestJson requestJson;

    ApiKeyController(IdentityCommands apiKeys, QueryGateway queryGateway, RequestJson requestJson) {
        this.apiKeys = apiKeys;
        this.queryGateway = queryGateway;
        this.requestJson = requestJson;
    }

    @Operation(operationId = "createApiKey", summary = "Issue an API key (admin)", description = "The secret is in this answer only; a key cannot "
            + "be granted a scope the calling key lacks (403).")
    @ApiResponse(responseCode = "201", description = "The key, with its secret")
    @AcceptedWhenLagging
    @AnswersETag
    @CarriesSecret
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_user", when = "user_id names no user of the "
            + "workspace that is not deactivated")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiKeyJson> create(Caller caller,
                                      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                              content = @Content(schema = @Schema(implementation = CreateApiKeyRequest.class)))
                                      @RequestBody ObjectNode objectBody) {
        caller.requireRole(Roles.ADMIN);
        CreateApiKeyRequest request = requestJson.refusingNulls(objectBody, CreateApiKeyRequest.class, Set.of());
        // unknown scopes are left to the aggregate, which answers 400
        if (request.scopes() != null) {
            caller.missingScope(request.scopes().stream().filter(Scopes::isKnown).toList()).ifPresent(scope -> {
                throw ApiException.forbidden("A key cannot be granted the scope '" + scope
                        + "', which the calling key does not have");
            });
        }
        String secret = Secrets.newApiKeySecret();
        String id = Ids.next(Ids.API_KEY);
        Credential credential = apiKeys.issue(caller, new IssueApiKey(id, caller.workspaceId(), Names.trimmed(request.name()),
                        request.role(), request.scopes(), request.userId(), Secrets.sha256Hex(secret)),
                Accepted.of(IdentityCommands.keyLocation(id), id, ApiKeyJson.ONLY_VERSION).withSecret(secret));
        ApiKeyView key = credential.key();
        return ResponseEntity.created(URI.create(IdentityCommands.keyLocation(key.id()))).eTag(ETags.of(ApiKeyJson.ONLY_VERSION))
                .body(ApiKeyJson.of(key, secret));
    }

    @Operation(operationId = "listApiKeys", summary = "The workspace's valid API keys (admin), never their secrets",
            description = "Paginated with limit and cursor. A key's secret is shown once, in the answer of POST "
                    + "/v1/api-keys. Revoked keys and the keys of deactivated users (which fail to authenticate) are "
                    + "not listed.")
    @GetMapping
    Pagination.Page<ApiKeyJson> list(Caller caller, @RequestParam(required = false) String limit,
                                     @RequestParam(required = false) String cursor) {
        caller.requireRole(Roles.ADMIN);
        int pageSize = Pagination.limit(limit);
        List<ApiKeyView> rows = queryGateway.query(
                new ListApiKeys(caller.workspaceId(),
                        Pagination.decode(cursor, Pagination.byId(Ids.API_KEY)).get("id"), pageSize + 1),
                ResponseTypes.multipleInstancesOf(ApiKeyView.class)).join();
        return Pagination.page(rows.stream().map(key -> ApiKeyJson.of(key, null)).toList(), pageSize,
                key -> Map.of("id", key.id()));
    }

    @Operation(operationId = "getApiKey", summary = "An API key (admin), never its secret",
            description = "Where the Location of its creation points. A revoked key, or one bound to a deactivated "
                    + "user, is 404. A key does not change until it is revoked: its ETag is its first version.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<ApiKeyJson> get(Caller caller, @PathVariable String id) {
        caller.requireRole(Roles.ADMIN);
        return ResponseEntity.ok().eTag(ETags.of(ApiKeyJson.ONLY_VERSION)).body(ApiKeyJson.of(valid(caller.workspaceId(), id), null));
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key (admin)", description = "The key fails from the next request on, on "
            + "every node: the answer waits until every node's credential cache has applied the revocation (202 when "
            + "one has not within the read-your-writes timeout). A key with a scope the calling key lacks cannot be revoked by it (403). A revoked key, or one bound to a "
            + "deactivated user (it fails already), is 404.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @AcceptedWhenLagging
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
        caller.requireRole(Roles.ADMIN);
        ApiKeyView key = valid(caller.workspaceId(), id);
        // as for issuing: a narrow admin key must not take away the workspace's broader keys
        caller.missingScope(key.scopes()).ifPresent(scope -> {
            throw ApiException.forbidden("The key has the scope '" + scope
                    + "', which the calling key does not have, so it cannot revoke it");
        });
        apiKeys.revoke(caller, key);
        return ResponseEntity.noContent().build();
    }

    /** The workspace's valid key (not revoked, its user not deactivated); 404 otherwise (another workspace's included). */
    private ApiKeyView valid(String workspaceId, String keyId) {
        Optional<ApiKeyView> key = Ids.looksLike(Ids.API_KEY, keyId)
                ? queryGateway.query(new FindApiKey(workspaceId, keyId), ResponseTypes.optionalInstanceOf(ApiKeyView.class)).join()
                : Optional.empty();
        return key.orElseThrow(() -> ApiException.notFound("API key", keyId));
    }
}
