package com.lealup.http.integration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.lealup.api.Actor;
import com.lealup.api.StorableText;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.identity.Roles;
import com.lealup.api.integration.AuthorizationCallbacks;
import com.lealup.api.integration.AuthorizationRequest;
import com.lealup.api.integration.CompleteIntegrationConnection;
import com.lealup.api.integration.ConnectionOutcome;
import com.lealup.api.integration.DisconnectIntegration;
import com.lealup.api.integration.FindIntegrationVersion;
import com.lealup.api.integration.IntegrationList;
import com.lealup.api.integration.IntegrationView;
import com.lealup.api.integration.Integrations;
import com.lealup.api.integration.ListIntegrations;
import com.lealup.api.integration.StartIntegrationConnection;
import com.lealup.api.notification.RevealNotificationSigningSecret;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.CarriesSecret;
import com.lealup.http.support.Commands;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.ReadYourWrites;
import com.lealup.http.support.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/integrations}: OAuth connections to outside tools (API.md section 8, docs/integrations.md). */
@Tag(name = "Integrations")
@RestController
@RequestMapping(path = "/v1/integrations", produces = MediaType.APPLICATION_JSON_VALUE)
class IntegrationController {

    private static final String READ = "integrations:read";
    private static final String WRITE = "integrations:write";
    /** Who completes an authorization: the user's browser, authenticated by the single-use state alone. */
    private static final Caller OAUTH_CALLBACK = new Caller(null, null, Actor.SYSTEM, "oauth-callback", null, Set.of());

    private final Commands commands;
    private final AuthorizationCallbacks callbacks;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    IntegrationController(Commands commands, AuthorizationCallbacks callbacks, QueryGateway queries,
                           ReadYourWrites readYourWrites, Clock clock) {
        this.commands = commands;
        this.callbacks = callbacks;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    /** The state and the URL that holds it are absent from an idempotent replay: a secret is shown once. */
    @Schema(example = """
            {"authorization_url": "https://app.hubspot.com/oauth/authorize?response_type=code\
            &client_id=4f9c2a1e-7b3d-4e8f-9a6c-1d2e3f4a5b6c\
            &redirect_uri=https%3A%2F%2Fapi.lealup.com%2Fv1%2Fintegrations%2Fhubspot%2Fcallback\
            &scope=crm.objects.companies.read&state=40ERQZ8EhNUazpGeZGsmsA0i8z8ofKt7vzm11HSfgn8\
            &code_challenge=Ct78qNwZ6qaA5tn_aw_Zzamk8i2--t-23EQAtOFzdhc&code_challenge_method=S256",
            "state": "40ERQZ8EhNUazpGeZGsmsA0i8z8ofKt7vzm11HSfgn8", "expires_at": "2026-11-30T08:10:00.482113Z"}""")
    record AuthorizationJson(@Schema(description = "Absent from an idempotent replay (the state is shown once)")
                             @JsonInclude(JsonInclude.Include.NON_NULL) String authorizationUrl,
                             @Schema(description = "The callback's single-use credential; absent from an idempotent "
                                     + "replay (shown once)")
                             @JsonInclude(JsonInclude.Include.NON_NULL) String state,
                             Instant expiresAt) {
    }

    @Schema(example = "{\"secret\": \"whsec_5Wx8itSownTeHyUM8Y1MEqBEdVqM7x1P6RBxV6pvG1Q=\"}")
    record SigningSecretJson(String secret) {
    }

    @Operation(operationId = "listIntegrations", summary = "The workspace's integrations and their status", description = "Every integration LealUp "
            + "knows, in a fixed order: gmail, google_calendar, slack, hubspot, salesforce, zendesk.")
    // the whole list, in one page: a page of an item's example (OpenApiContract) would show one integration
    @ApiResponse(responseCode = "200", description = "Every integration", useReturnTypeSchema = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
            {"data": [{"name": "gmail", "status": "disconnected", "connected_at": null, "error": null},
            {"name": "google_calendar", "status": "disconnected", "connected_at": null, "error": null},
            {"name": "slack", "status": "connected", "connected_at": "2026-10-14T09:12:00Z", "error": null},
            {"name": "hubspot", "status": "connected", "connected_at": "2026-11-02T10:15:00Z", "error": null},
            {"name": "salesforce", "status": "pending", "connected_at": null, "error": null},
            {"name": "zendesk", "status": "error", "connected_at": "2026-09-20T16:40:00Z",
            "error": "token_refresh_failed"}], "next_cursor": null, "has_more": false}""")))
    @GetMapping
    Page<IntegrationJson> list(Caller caller) {
        caller.require(READ);
        Map<String, IntegrationView> known = integrations(caller.workspaceId()).stream()
                .collect(Collectors.toMap(IntegrationView::name, Function.identity()));
        Instant now = clock.instant();
        return new Page<>(Integrations.NAMES.stream()
                .map(name -> known.containsKey(name) ? IntegrationJson.of(known.get(name), now)
                        : IntegrationJson.disconnected(name))
                .toList(), null, false);
    }

    @Operation(operationId = "connectIntegration", summary = "Start connecting an integration (OAuth 2 authorization code with PKCE)",
            description = "Send the user's browser to authorization_url; the provider sends it back to the callback "
                    + "with the single-use state, valid until expires_at. 422 provider_not_configured when the "
                    + "operator has not configured the provider. Connecting a connected integration re-authorizes it.")
    // the state is the callback's credential, in the answer and in its authorization_url
    @CarriesSecret({"state", "authorization_url"})
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "provider_not_configured", when = "the operator has "
            + "not configured this provider")
    @PostMapping("/{name}/connect")
    AuthorizationJson connect(Caller caller, @PathVariable String name) {
        caller.require(WRITE);
        String integrationId = Integrations.aggregateId(caller.workspaceId(), requireKnown(name));
        AuthorizationRequest request = commands.send(caller, new StartIntegrationConnection(integrationId,
                caller.workspaceId(), name));
        awaitVersion(integrationId, request.version());
        return new AuthorizationJson(request.authorizationUrl(), request.state(),
                UtcTimestamps.toMicros(request.expiresAt()));
    }

    @Operation(operationId = "completeIntegrationAuthorization", summary = "The provider's redirect: exchanges the code for tokens",
            description = "Reached by the user's browser, without a bearer token: the state issued by /connect is the "
                    + "credential (single use, expiring). 400 validation_error with code invalid_state (field "
                    + "state) for an unknown, expired or used state, or one issued for another integration; 502 "
                    + "token_exchange_failed when the provider refuses the code (the integration is then in error). "
                    + "Only a redirect with a code to the integration the state was issued for uses the state up; a "
                    + "refused one (another integration, no code, the provider's error) leaves it valid.")
    @SecurityRequirements
    @AcceptedWhenLagging
    @Refusal(status = HttpStatus.CONFLICT, code = "integration_disconnected", when = "the integration was "
            + "disconnected while it was being authorized: the tokens are not stored")
    @Refusal(status = HttpStatus.BAD_GATEWAY, code = "token_exchange_failed", when = "the provider refused the code "
            + "or could not be reached (the integration is then in error)")
    @GetMapping("/{name}/callback")
    ResponseEntity<IntegrationJson> callback(@PathVariable String name,
                                             @RequestParam(required = false) String code,
                                             @RequestParam(required = false) String state,
                                             @RequestParam(required = false) String error) {
        requireKnown(name);
        if (error != null) {
            throw ApiException.validation("error", "authorization_denied",
                    "The provider reports: " + StorableText.abbreviated(error));
        }
        if (state == null || state.isBlank()) {
            throw ApiException.validation("state", "required", "state is required");
        }
        // not a command: the code exchange is an outbound call, made before the command that stores the tokens
        ConnectionOutcome outcome = commands.call(OAUTH_CALLBACK,
                metadata -> callbacks.complete(new CompleteIntegrationConnection(name, state, code), metadata));
        String integrationId = Integrations.aggregateId(outcome.workspaceId(), name);
        if (outcome.error() != null) {
            // the command's own answer, lagging read model or not
            awaitVersion(integrationId, outcome.version());
            throw new ApiException(HttpStatus.BAD_GATEWAY, outcome.error(), "Bad gateway",
                    "The provider did not exchange the authorization code; connect again");
        }
        readYourWrites.awaitVersion(new FindIntegrationVersion(integrationId), outcome.version(),
                Accepted.of("/v1/integrations", name, outcome.version()));
        IntegrationView view = integrations(outcome.workspaceId()).stream().filter(i -> i.name().equals(name))
                .findFirst().orElseThrow();
        return ResponseEntity.ok(IntegrationJson.of(view, clock.instant()));
    }

    @Operation(operationId = "disconnectIntegration", summary = "Disconnect an integration", description = "Its tokens and pending "
            + "authorizations are deleted (a pending or error one too). 409 integration_not_connected when it is "
            + "disconnected already.")
    @ApiResponse(responseCode = "204", description = "Disconnected")
    @Refusal(status = HttpStatus.CONFLICT, code = "integration_not_connected", when = "the integration is "
            + "disconnected already (current_status)")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> disconnect(Caller caller, @PathVariable String name) {
        caller.require(WRITE);
        String integrationId = Integrations.aggregateId(caller.workspaceId(), requireKnown(name));
        long version = commands.send(caller, new DisconnectIntegration(integrationId, caller.workspaceId(), name));
        awaitVersion(integrationId, version);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "getNotificationSigningSecret", summary = "The secret that signs notify-to-webhook deliveries (admin)", description = "whsec_ + base64 "
            + "of 32 bytes, created on first use; receivers verify webhook-signature with it (Standard Webhooks).")
    @CarriesSecret
    @GetMapping("/notification-signing-secret")
    SigningSecretJson signingSecret(Caller caller) {
        caller.require(WRITE).requireRole(Roles.ADMIN);
        return new SigningSecretJson(commands.send(caller, new RevealNotificationSigningSecret(caller.workspaceId())));
    }

    private List<IntegrationView> integrations(String workspaceId) {
        return queries.query(new ListIntegrations(workspaceId), ResponseTypes.instanceOf(IntegrationList.class))
                .join().rows();
    }

    /** Connecting and disconnecting answer their own results: they wait for the read model, at most the timeout. */
    private void awaitVersion(String integrationId, long version) {
        readYourWrites.await(new FindIntegrationVersion(integrationId), Long.class, shown -> shown >= version);
    }

    private static String requireKnown(String name) {
        if (!Integrations.NAMES.contains(name)) {
            throw ApiException.notFound("Integration '" + StorableText.abbreviated(name) + "' does not exist; known: "
                    + String.join(", ", Integrations.NAMES));
        }
        return name;
    }
}
