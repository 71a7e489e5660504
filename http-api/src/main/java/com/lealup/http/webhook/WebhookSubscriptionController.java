package com.lealup.http.webhook;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.http.support.FieldRules;
import com.lealup.http.support.PartialBody;
import com.lealup.http.support.Refusal;
import com.lealup.http.support.RequestJson;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import com.lealup.api.Emails;
import com.lealup.api.Ids;
import com.lealup.api.Names;
import com.lealup.api.Texts;
import com.lealup.api.webhook.CreateWebhookSubscription;
import com.lealup.api.webhook.DeleteWebhookSubscription;
import com.lealup.api.webhook.EnableWebhookSubscription;
import com.lealup.api.webhook.FindWebhookSubscription;
import com.lealup.api.webhook.FindWebhookSubscriptionVersion;
import com.lealup.api.webhook.ListWebhookDeliveries;
import com.lealup.api.webhook.ListWebhookSubscriptions;
import com.lealup.api.webhook.ReplayWebhookEvents;
import com.lealup.api.webhook.RotateWebhookSecret;
import com.lealup.api.webhook.SigningSecrets;
import com.lealup.api.webhook.UpdateWebhookSubscription;
import com.lealup.api.webhook.WebhookDeliveryList;
import com.lealup.api.webhook.WebhookDeliveryView;
import com.lealup.api.webhook.WebhookSubscriptionList;
import com.lealup.api.webhook.WebhookSubscriptionView;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.CarriesSecret;
import com.lealup.http.support.Commands;
import com.lealup.http.support.Dates;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.ReadYourWrites;
import com.lealup.http.support.SealedPositions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
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
 * {@code /v1/webhook-subscriptions}: URLs that receive the workspace's events as signed Standard Webhooks messages
 * (API.md sections 8 and 10, docs/webhooks.md). The signing secret is in the answers that make one only.
 */
@Tag(name = "Webhooks")
@RestController
@RequestMapping(path = WebhookSubscriptionController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookSubscriptionController {

    static final String PATH = "/v1/webhook-subscriptions";
    private static final String READ = "webhooks:read";
    private static final String WRITE = "webhooks:write";
    /** The deliveries cursor's one member: the last delivery served, sealed. */
    private static final String BEFORE = "before";

    @Schema(example = "{\"url\": \"https://hooks.example.com/lealup\", \"events\": [\"customer.created\", "
            + "\"customer.health_changed\"], \"description\": \"CRM sync\"}")
    record SubscriptionRequest(
            @Schema(description = "Where deliveries are POSTed: an absolute http(s) URL (blanks around it are "
                    + "ignored), as a playbook's webhook target; internal addresses are refused (422) unless "
                    + "LEALUP_WEBHOOK_ALLOWED_HOSTS allows them",
                    example = "https://hooks.example.com/lealup", requiredMode = Schema.RequiredMode.REQUIRED,
                    maxLength = CreateWebhookSubscription.MAX_URL_LENGTH,
                    pattern = "^" + Emails.TRIMMED + "[Hh][Tt][Tt][Pp][Ss]?://")
            String url,
            @ArraySchema(minItems = 1, arraySchema = @Schema(description = "Event types of the catalogue, or \"*\" "
                    + "for all (docs/webhooks.md)", example = "[\"customer.created\", \"customer.health_changed\"]"),
                    // required: as the items' requiredMode (swagger-core#4341)
                    schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
            @JsonSetter(contentNulls = Nulls.FAIL) List<String> events,
            @Nullable @Schema(description = "Free text, blanks around it ignored; not blank, no control character but "
                    + "tabs and line breaks", maxLength = CreateWebhookSubscription.MAX_DESCRIPTION_LENGTH,
                    pattern = Texts.PATTERN)
            String description) {
    }

    @Schema(name = "UpdateWebhookSubscriptionRequest", example = "{\"url\": \"https://hooks.example.com/lealup/v2\", "
            + "\"events\": [\"customer.created\", \"customer.updated\"]}")
    record ChangeRequest(
            @Schema(description = "The new URL, taken as on creation; not null",
                    example = "https://hooks.example.com/lealup/v2",
                    maxLength = CreateWebhookSubscription.MAX_URL_LENGTH,
                    pattern = "^" + Emails.TRIMMED + "[Hh][Tt][Tt][Pp][Ss]?://")
            String url,
            @ArraySchema(minItems = 1, arraySchema = @Schema(description = "The event types, replacing the list "
                    + "whole; not null", example = "[\"customer.created\", \"customer.updated\"]"))
            @JsonSetter(contentNulls = Nulls.FAIL) List<String> events,
            @Nullable @Schema(description = "Free text, taken as on creation; null clears it",
                    maxLength = CreateWebhookSubscription.MAX_DESCRIPTION_LENGTH, pattern = Texts.PATTERN)
            String description) {
    }

    /** Its example is dated by {@link WebhookPayloadsOpenApi#replayExample}: a fixed one would leave the window. */
    record ReplayRequest(@Schema(description = "Re-deliver the events since this instant (at most 30 days back), taken "
            + "to the microsecond it falls in", requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time")
                         String since) {
    }

    @Schema(name = "WebhookSubscription", example = """
            {"id": "whk_01JD3KAA1B2C3D4E5F6G7H8J9K", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
            "url": "https://hooks.example.com/lealup", "events": ["customer.created", "customer.health_changed"],
            "description": "CRM sync", "status": "enabled", "disabled_reason": null, "disabled_at": null,
            "secret_rotated_at": null, "created_at": "2026-03-02T09:30:00Z", "updated_at": "2026-11-20T14:05:00Z", "version": 1}""")
    record SubscriptionJson(String id, String tenantId, String url, List<String> events, @Nullable String description,
                            @Schema(allowableValues = {"enabled", "disabled"}) String status,
                            @Nullable @Schema(description = "Why the delivery policy disabled it")
                            String disabledReason,
                            @Nullable Instant disabledAt,
                            @Nullable Instant secretRotatedAt,
                            Instant createdAt, Instant updatedAt, long version,
                            @Schema(description = "The signing secret (whsec_…), only in the answer that made it")
                            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
        static SubscriptionJson of(WebhookSubscriptionView view, String secret) {
            return new SubscriptionJson(view.id(), view.workspaceId(), view.url(), view.events(), view.description(),
                    view.status(), view.disabledReason(), view.disabledAt(), view.secretRotatedAt(),
                    view.createdAt(), view.updatedAt(), view.version(), secret);
        }
    }

    @Schema(name = "WebhookDelivery", example = """
            {"message_id": "msg_0f8e2b7c4a6d4e1f9b3c5d7e9f1a2b3c", "event_type": "customer.health_changed",
            "status": "pending", "replay": false, "attempts": 2, "created_at": "2026-11-29T06:00:00.412Z",
            "last_attempt_at": "2026-11-29T06:00:35.870Z", "last_status": 503,
            "last_error": "The endpoint answered 503", "next_attempt_at": "2026-11-29T06:05:35.870Z",
            "delivered_at": null}""")
    record DeliveryJson(@Schema(description = "The webhook-id the receiver saw") String messageId, String eventType,
                        @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
                        @Schema(description = "A re-delivery asked for with replay") boolean replay, int attempts,
                        @Schema(description = "When the event happened, to the millisecond the event store keeps "
                                + "(as the body's created_at); a replayed delivery's: when the replay was asked for")
                        Instant createdAt,
                        @Nullable Instant lastAttemptAt,
                        @Nullable @Schema(description = "The last attempt's HTTP status; null when nothing answered")
                        Integer lastStatus,
                        @Nullable String lastError,
                        @Nullable @Schema(description = "When a pending delivery is tried again")
                        Instant nextAttemptAt,
                        @Nullable Instant deliveredAt) {
        static DeliveryJson of(WebhookDeliveryView view) {
            return new DeliveryJson(view.messageId(), view.eventType(), view.status(), view.replay(), view.attempts(),
                    view.createdAt(), view.lastAttemptAt(), view.lastStatus(), view.lastError(), view.nextAttemptAt(),
                    view.deliveredAt());
        }
    }

    @Schema(name = "WebhookReplay", example = """
            {"id": "whk_01JD3KAA1B2C3D4E5F6G7H8J9K", "since": "2026-11-25T08:00:00Z", "status": "accepted"}""")
    record ReplayJson(String id, Instant since, String status) {
    }

    private final Commands commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final RequestJson requestJson;
    private final SealedPositions positions;

    WebhookSubscriptionController(Commands commands, QueryGateway queries, ReadYourWrites readYourWrites,
                                  RequestJson requestJson, SealedPositions positions) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.requestJson = requestJson;
        this.positions = positions;
    }

    @Operation(operationId = "listWebhookSubscriptions", summary = "The workspace's webhook subscriptions, oldest first", description = "Scope webhooks:read. "
            + "A disabled subscription says why in disabled_reason.")
    @GetMapping
    Page<SubscriptionJson> list(Caller caller, @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        String after = Pagination.decode(cursor, Pagination.byId(Ids.WEBHOOK)).get("id");
        WebhookSubscriptionList rows = queries.query(new ListWebhookSubscriptions(caller.workspaceId(), after, pageSize),
                ResponseTypes.instanceOf(WebhookSubscriptionList.class)).join();
        return Pagination.page(rows.rows(), pageSize, s -> Map.of("id", s.id())).map(s -> SubscriptionJson.of(s, null));
    }

    @Operation(operationId = "createWebhookSubscription", summary = "Subscribe a URL to events", description = "Scope webhooks:write. The answer holds the "
            + "signing secret (whsec_…), shown this once. A URL that resolves to an internal address (private, "
            + "loopback, link-local, carrier-grade NAT, an IPv6 address carrying one such as NAT64 64:ff9b::a00:1: "
            + "docs/webhooks.md) is 422 (url_not_allowed) unless LEALUP_WEBHOOK_ALLOWED_HOSTS allows it; one that does "
            + "not resolve is 422 (url_unresolvable); a host that is a number with a leading zero (0177.0.0.1), or a "
            + "bidirectional formatting character such as U+202E anywhere, is 400 (invalid_url). Every field is checked "
            + "(400) before the host is resolved.")
    @ApiResponse(responseCode = "201", description = "The subscription with its secret, Location and ETag")
    @AcceptedWhenLagging
    @CarriesSecret
    @AnswersETag
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "url_not_allowed", when = "the url's host resolves to "
            + "an internal address")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "url_unresolvable", when = "the url's host does not "
            + "resolve")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SubscriptionJson> create(Caller caller,
                                            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                    content = @Content(schema = @Schema(implementation = SubscriptionRequest.class)))
                                            @RequestBody ObjectNode objectBody) {
        caller.require(WRITE);
        SubscriptionRequest body = requestJson.refusingNulls(objectBody, SubscriptionRequest.class, Set.of("description"));
        String id = Ids.next(Ids.WEBHOOK);
        String secret = SigningSecrets.newSecret();
        // blanks around it ignored, as around a playbook's webhook target and any description
        String url = body.url() == null ? null : body.url().trim();
        readYourWrites.awaitCreation(new FindWebhookSubscriptionVersion(id),
                () -> commands.send(caller, new CreateWebhookSubscription(id, caller.workspaceId(), url,
                        body.events(), Names.trimmed(body.description()), secret)),
                accepted(id, 1).withSecret(secret));
        WebhookSubscriptionView view = find(caller, id);
        return ResponseEntity.created(URI.create(location(id))).eTag(ETags.of(view.version()))
                .body(SubscriptionJson.of(view, secret));
    }

    @Operation(operationId = "getWebhookSubscription", summary = "A webhook subscription", description = "Scope webhooks:read. ETag is its version.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<SubscriptionJson> get(Caller caller, @PathVariable String id) {
        caller.require(READ);
        WebhookSubscriptionView view = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(SubscriptionJson.of(view, null));
    }

    @Operation(operationId = "deleteWebhookSubscription", summary = "Delete a webhook subscription", description = "Scope webhooks:write. Nothing more is "
            + "delivered to it; its pending deliveries are dropped.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        caller.require(WRITE);
        readYourWrites.awaitChangeAtMost(new FindWebhookSubscriptionVersion(id),
                () -> commands.send(caller, new DeleteWebhookSubscription(requireId(id), caller.workspaceId())));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "updateWebhookSubscription", summary = "Change a subscription's URL, event types or "
            + "description", description = "Scope webhooks:write. Only the fields sent change; events is replaced "
            + "whole; description may be cleared with null, url and events may not (400 not_nullable). The id and the "
            + "secret stay. A new url is checked as on creation (400, then 422 url_not_allowed or url_unresolvable); "
            + "one left as it is is not resolved again. The deliveries still pending go to the new url; the events "
            + "after the change are delivered by the new types (docs/webhooks.md). A body that repeats what the "
            + "subscription holds changes nothing: 200, its version kept. If-Match makes it conditional (412).")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "url_not_allowed", when = "the new url's host resolves "
            + "to an internal address")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "url_unresolvable", when = "the new url's host does "
            + "not resolve")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SubscriptionJson> update(Caller caller, @PathVariable String id,
                                            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                                    schema = @Schema(implementation = ChangeRequest.class)))
                                            @RequestBody ObjectNode body,
                                            @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.require(WRITE);
        Long expectedVersion = ETags.expectedVersion(ifMatch, () -> find(caller, id).version());
        PartialBody<ChangeRequest> patch = requestJson.partial(body, ChangeRequest.class);
        FieldRules rules = new FieldRules();
        rules.refuseNulls(patch.nulls(), Set.of(UpdateWebhookSubscription.DESCRIPTION));
        rules.throwIfInvalid();
        ChangeRequest change = patch.value();
        // blanks around them ignored, as on creation: a PATCH repeating them with blanks changes nothing
        String url = change.url() == null ? null : change.url().trim();
        Set<String> cleared = patch.nulls().contains(UpdateWebhookSubscription.DESCRIPTION)
                ? Set.of(UpdateWebhookSubscription.DESCRIPTION) : Set.of();
        readYourWrites.awaitWrite(new FindWebhookSubscriptionVersion(id),
                () -> commands.send(caller, new UpdateWebhookSubscription(requireId(id), caller.workspaceId(),
                        expectedVersion, url, change.events(), Names.trimmed(change.description()), cleared)),
                version -> accepted(id, version));
        WebhookSubscriptionView view = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(SubscriptionJson.of(view, null));
    }

    @Operation(operationId = "rotateWebhookSubscriptionSecret", summary = "Rotate the signing secret", description = "Scope webhooks:write. The answer holds the new "
            + "secret, shown this once. Every secret rotated out keeps signing for 24 hours after its rotation: "
            + "deliveries carry one signature per secret still signing (Standard Webhooks), so receivers can switch "
            + "without losing a message. At most 5 secrets rotated out sign at once: a sixth rotation within 24 "
            + "hours is 409 too_many_rotations, with next_rotation_at.")
    @ApiResponse(responseCode = "200", description = "The subscription with its new secret")
    @AcceptedWhenLagging
    @CarriesSecret
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "too_many_rotations", when = "5 secrets rotated out within 24 "
            + "hours still sign")
    @PostMapping("/{id}/rotate-secret")
    ResponseEntity<SubscriptionJson> rotateSecret(Caller caller, @PathVariable String id) {
        caller.require(WRITE);
        String secret = SigningSecrets.newSecret();
        readYourWrites.awaitChange(new FindWebhookSubscriptionVersion(id),
                () -> commands.send(caller, new RotateWebhookSecret(requireId(id), caller.workspaceId(), secret)),
                version -> accepted(id, version).withSecret(secret));
        WebhookSubscriptionView view = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(SubscriptionJson.of(view, secret));
    }

    @Operation(operationId = "enableWebhookSubscription", summary = "Enable a disabled webhook subscription", description = "Scope webhooks:write. Its held "
            + "deliveries resume, in order, each with a fresh 24 hours of retries; enabling an enabled one changes "
            + "nothing. Events that happened while it was disabled were not queued: replay them.")
    @AcceptedWhenLagging
    @AnswersETag
    @PostMapping("/{id}/enable")
    ResponseEntity<SubscriptionJson> enable(Caller caller, @PathVariable String id) {
        caller.require(WRITE);
        readYourWrites.awaitWrite(new FindWebhookSubscriptionVersion(id),
                () -> commands.send(caller, new EnableWebhookSubscription(requireId(id), caller.workspaceId())),
                version -> accepted(id, version));
        WebhookSubscriptionView view = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(SubscriptionJson.of(view, null));
    }

    @Operation(operationId = "replayWebhookSubscription", summary = "Re-deliver past events", description = "Scope webhooks:write. Every event of the "
            + "subscription's types since `since` (at most 30 days back; else 422; taken to the microsecond it falls in, "
            + "as the answer echoes it) is delivered again, in order, with "
            + "its original webhook-id and the header `webhook-replay: true`. The replay runs beside the live deliveries, "
            + "which go on meanwhile: the two interleave, each in order (docs/webhooks.md, Replay).")
    @ApiResponse(responseCode = "202", description = "Accepted: the replay is queued", headers = @Header(
            name = "Location", description = "The subscription's deliveries", schema = @Schema(type = "string")))
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "out_of_range", when = "since is more than 30 days back, or "
            + "in the future")
    @PostMapping(path = "/{id}/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReplayJson> replay(Caller caller, @PathVariable String id,
                                      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                              content = @Content(schema = @Schema(implementation = ReplayRequest.class)))
                                      @RequestBody ObjectNode objectBody) {
        caller.require(WRITE);
        ReplayRequest body = requestJson.refusingNulls(objectBody, ReplayRequest.class, Set.of());
        if (body.since() == null) {
            throw ApiException.validation("since", "required", "since is required");
        }
        // the microsecond the replay starts from and the answer echoes
        Instant since = Dates.instantToTheMicrosecond("since", body.since());
        commands.send(caller, new ReplayWebhookEvents(requireId(id), caller.workspaceId(), since));
        return ResponseEntity.accepted().location(URI.create(location(id) + "/deliveries"))
                .body(new ReplayJson(id, since, Accepted.STATUS));
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "A subscription's deliveries, newest first", description = "Scope webhooks:read. One entry "
            + "per event delivered (or to deliver) to it, with its attempts, the last HTTP status and error, and when "
            + "a pending one is tried next. Kept 30 days. The cursor is bound to the subscription.")
    @GetMapping("/{id}/deliveries")
    Page<DeliveryJson> deliveries(Caller caller, @PathVariable String id, @RequestParam(required = false) String limit,
                                  @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        // the deliveries' position is numbered across workspaces: the cursor carries it sealed
        String before = Pagination.decode(cursor, Pagination.exactly(BEFORE)
                .and(position -> positions.open(position.get(BEFORE), id).isPresent())).get(BEFORE);
        find(caller, id);
        WebhookDeliveryList rows = queries.query(new ListWebhookDeliveries(caller.workspaceId(), id,
                        before == null ? null : positions.open(before, id).getAsLong(), pageSize),
                ResponseTypes.instanceOf(WebhookDeliveryList.class)).join();
        return Pagination.page(rows.rows(), pageSize, d -> Map.of(BEFORE, positions.seal(d.position(), id)))
                .map(DeliveryJson::of);
    }

    private static Accepted accepted(String id, long version) {
        return Accepted.of(location(id), id, version);
    }

    private WebhookSubscriptionView find(Caller caller, String id) {
        return queries.query(new FindWebhookSubscription(caller.workspaceId(), requireId(id)),
                ResponseTypes.optionalInstanceOf(WebhookSubscriptionView.class)).join().orElseThrow(() -> notFound(id));
    }

    private static String requireId(String id) {
        if (!Ids.looksLike(Ids.WEBHOOK, id)) {
            throw notFound(id);
        }
        return id;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Webhook subscription", id);
    }

    private static String location(String id) {
        return "/v1/webhook-subscriptions/" + id;
    }
}
