package com.lealup.http.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Actor;
import com.lealup.api.analytics.Portfolio;
import com.lealup.api.bulkimport.ImportOptions;
import com.lealup.api.customer.CustomerFilter;
import com.lealup.api.customer.CustomerHistory;
import com.lealup.api.customer.CustomerLifecycle;
import com.lealup.api.customer.CustomerSort;
import com.lealup.api.health.HealthModels;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.Scopes;
import com.lealup.api.identity.Tiers;
import com.lealup.api.identity.Users;
import com.lealup.api.integration.Integrations;
import com.lealup.api.playbook.PlaybookRules;
import com.lealup.api.playbook.PlaybookRunView;
import com.lealup.api.projections.ProjectionStatus;
import com.lealup.api.task.TaskLifecycle;
import com.lealup.api.usage.UsageEventTypes;
import com.lealup.api.webhook.WebhookEventTypes;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateSchema;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;

/**
 * What the controllers cannot say by themselves, added to the OpenAPI document once for every operation, from the
 * same constants the validation uses: {@code required} members of responses, enums, typed query parameters, the
 * headers the filters read and send, {@code 304} of conditional reads, the PATCH form of a create's body, the
 * optional {@code {}} of a POST that reads no body, the items the server judges one by one, the errors of every
 * operation ({@link ErrorResponses}), and the document's own path. (A request body's required members and bounds
 * are its record's {@code @Schema}.)
 *
 * <p>Every API test validates each response it gets, and each request the server accepted, against the served
 * document (test support {@code ApiContract}), so what is written here is checked against the server's real
 * behaviour.
 */
final class OpenApiContract {

    static final String TRACE_ID = TraceIds.HEADER;
    static final List<String> RATE_LIMIT_HEADERS = List.of("X-RateLimit-Limit", "X-RateLimit-Remaining",
            "X-RateLimit-Reset");
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** The mark of an operation that answers an ETag ({@link AnswersETag}), taken off once read. */
    static final String ANSWERS_ETAG = "x-answers-etag";
    private static final String E_TAG = "The resource's version, quoted (\"3\"): If-Match and If-None-Match name it";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String HEADERS = "#/components/headers/";
    private static final String OPENAPI_PATH = "/v1/openapi.json";
    /**
     * The answers that may come before the request is counted (RateLimitGate), by status, and when: they carry no
     * {@code X-RateLimit-*} then.
     */
    private static final Map<String, String> MAYBE_UNCOUNTED = Map.of(
            "400", "on bad_request, which Tomcat answers before any filter",
            "4XX", "on the 405 Tomcat answers itself (TRACE)",
            "500", "on a failure before the request is counted (while authenticating it)",
            "5XX", "on a failure before the request is counted");
    /** The tag of the operator's operations, which belong to no workspace. */
    private static final String OPERATOR = "Operator";
    /** The request body of a POST that reads none ({@link BodilessOperations}). */
    private static final String EMPTY_BODY = "EmptyBody";
    private static final BigDecimal AMOUNT_BOUND = new BigDecimal("1000000000000000");
    private static final int MAX_DAYS = 3650;

    private static final List<String> WEBHOOK_EVENTS = Stream.concat(Stream.of(WebhookEventTypes.ALL),
            WebhookEventTypes.CATALOGUE.stream()).toList();

    private static final List<String> COHORT_PERIODS = List.of("month", "quarter");

    /** Values of string members, by {@code Schema.member} (an array member: the values of its items). */
    private static final Map<String, List<String>> ENUMS = Map.ofEntries(
            Map.entry("CreateWorkspaceRequest.tier", Tiers.ALL),
            Map.entry("WorkspaceJson.tier", Tiers.ALL),
            Map.entry("ApiKeyJson.role", Roles.ALL),
            Map.entry("CreateApiKeyRequest.role", Roles.ALL),
            Map.entry("InviteRequest.role", Roles.ALL),
            Map.entry("UserJson.role", Roles.ALL),
            Map.entry("RoleRequest.role", Roles.ALL),
            Map.entry("MeJson.role", Roles.ALL),
            Map.entry("ApiKeyJson.scopes", Scopes.ALL),
            Map.entry("CreateApiKeyRequest.scopes", Scopes.ALL),
            Map.entry("MeJson.scopes", Scopes.ALL),
            Map.entry("InviteRequest.locale", Users.LOCALES),
            Map.entry("UserJson.locale", Users.LOCALES),
            Map.entry("CustomerRequest.status", CustomerLifecycle.STATUSES),
            Map.entry("Customer.status", CustomerLifecycle.STATUSES),
            Map.entry("CustomerDetail.status", CustomerLifecycle.STATUSES),
            Map.entry("TrashedCustomer.status", CustomerLifecycle.STATUSES),
            Map.entry("CustomerRequest.forecast_category", CustomerLifecycle.FORECAST_CATEGORIES),
            Map.entry("Customer.forecast_category", CustomerLifecycle.FORECAST_CATEGORIES),
            Map.entry("CustomerDetail.forecast_category", CustomerLifecycle.FORECAST_CATEGORIES),
            Map.entry("TrashedCustomer.forecast_category", CustomerLifecycle.FORECAST_CATEGORIES),
            Map.entry("CustomerRenewal.forecast_category", CustomerLifecycle.FORECAST_CATEGORIES),
            Map.entry("CustomerHealthSummary.status", CustomerLifecycle.HEALTH_STATUSES),
            Map.entry("CustomerHealthDetail.status", CustomerLifecycle.HEALTH_STATUSES),
            Map.entry("HealthJson.status", CustomerLifecycle.HEALTH_STATUSES),
            Map.entry("Point.status", CustomerLifecycle.HEALTH_STATUSES),
            Map.entry("HealthChange.status", CustomerLifecycle.HEALTH_STATUSES),
            Map.entry("HealthChange.previous_status", CustomerLifecycle.HEALTH_STATUSES),
            Map.entry("HealthChangeSignal.dimension", HealthModels.DIMENSIONS),
            Map.entry("DimensionPatch.key", HealthModels.DIMENSIONS),
            Map.entry("Task.status", TaskLifecycle.STATUSES),
            Map.entry("Task.priority", TaskLifecycle.PRIORITIES),
            Map.entry("CreateTaskRequest.priority", TaskLifecycle.PRIORITIES),
            Map.entry("UpdateTaskRequest.priority", TaskLifecycle.PRIORITIES),
            // completing takes POST /v1/tasks/{id}/complete (its outcome and notes): a PATCH to completed is refused
            Map.entry("UpdateTaskRequest.status", List.of(TaskLifecycle.PENDING, TaskLifecycle.IN_PROGRESS,
                    TaskLifecycle.SKIPPED)),
            Map.entry("PlaybookActionRequest.type", PlaybookRules.ACTION_TYPES),
            Map.entry("PlaybookAction.type", PlaybookRules.ACTION_TYPES),
            Map.entry("PlaybookActionRequest.channel", PlaybookRules.CHANNELS),
            Map.entry("PlaybookAction.channel", PlaybookRules.CHANNELS),
            Map.entry("PlaybookActionRequest.priority", TaskLifecycle.PRIORITIES),
            Map.entry("PlaybookAction.priority", TaskLifecycle.PRIORITIES),
            Map.entry("PlaybookTriggerRequest.type", PlaybookRules.TRIGGER_TYPES),
            Map.entry("PlaybookTrigger.type", PlaybookRules.TRIGGER_TYPES),
            Map.entry("PlaybookTriggerRequest.event_type", PlaybookRules.EVENT_TYPES),
            Map.entry("PlaybookTrigger.event_type", PlaybookRules.EVENT_TYPES),
            Map.entry("IntegrationJson.name", Integrations.NAMES),
            Map.entry("IntegrationJson.status", List.of(Integrations.DISCONNECTED, Integrations.PENDING,
                    Integrations.CONNECTED, Integrations.ERROR)),
            Map.entry("UserJson.status", List.of(Users.INVITED, Users.DEACTIVATED)),
            Map.entry("MeJson.type", List.of(Actor.USER, Actor.API_KEY)),
            Map.entry("MeWorkspace.tier", Tiers.ALL),
            Map.entry("CohortsJson.cohort_period", COHORT_PERIODS),
            Map.entry("RiskJson.status", CustomerLifecycle.STATUSES),
            Map.entry("PlaybookRunAction.type", PlaybookRules.ACTION_TYPES),
            Map.entry("PlaybookRunAction.status", List.of(PlaybookRunView.PENDING, PlaybookRunView.SUCCEEDED,
                    PlaybookRunView.FAILED)),
            Map.entry("WebhookReplay.status", List.of(Accepted.STATUS)),
            Map.entry("CustomerHistoryEntry.type", CustomerHistory.TYPES),
            Map.entry("ProjectionJson.status", List.of(ProjectionStatus.LIVE, ProjectionStatus.REPLAYING,
                    ProjectionStatus.FAILED)),
            Map.entry("ProjectionJson.replay_mode", ProjectionStatus.REPLAY_MODES),
            Map.entry("SubscriptionRequest.events", WEBHOOK_EVENTS),
            Map.entry("UpdateWebhookSubscriptionRequest.events", WEBHOOK_EVENTS),
            Map.entry("WebhookSubscription.events", WEBHOOK_EVENTS));


    /** Query parameters by name, where one name means one thing on every operation. */
    private static final Map<String, Supplier<Schema<?>>> QUERY = Map.ofEntries(
            Map.entry("limit", () -> new IntegerSchema().minimum(BigDecimal.ONE)
                    .maximum(BigDecimal.valueOf(Pagination.MAX_LIMIT))._default(Pagination.DEFAULT_LIMIT)),
            Map.entry("cursor", () -> new StringSchema().description("next_cursor of the previous page")),
            Map.entry("min_arr", OpenApiContract::amount),
            Map.entry("max_arr", OpenApiContract::amount),
            Map.entry("renewal_within_days", () -> new IntegerSchema().minimum(BigDecimal.ZERO)
                    .maximum(BigDecimal.valueOf(MAX_DAYS))),
            Map.entry("due_before", DateSchema::new),
            Map.entry("due_after", DateSchema::new),
            Map.entry("health_status", () -> strings(CustomerLifecycle.HEALTH_STATUSES)),
            Map.entry("forecast_category", () -> commaList(CustomerLifecycle.FORECAST_CATEGORIES)),
            Map.entry("sort", () -> strings(Arrays.stream(CustomerSort.values()).map(CustomerSort::parameter).toList())),
            Map.entry("granularity", () -> strings(List.of("daily", "weekly"))),
            Map.entry("cohort_period", () -> strings(COHORT_PERIODS)._default("month")),
            Map.entry("hard", () -> new BooleanSchema()._default(false)),
            Map.entry("q", () -> new StringSchema().maxLength(CustomerFilter.MAX_SEARCH_LENGTH)));

    /**
     * Object members keyed by a fixed list, every key always present (zeros included), by {@code Schema.member}: the
     * Java side is a map, which the document would otherwise give as any keys.
     */
    private static final Map<String, List<String>> FIXED_KEYS = Map.of(
            "PortfolioJson.by_status", CustomerLifecycle.STATUSES,
            "PortfolioJson.health_distribution", Portfolio.HEALTH_DISTRIBUTION,
            "Month.by_forecast_category", CustomerLifecycle.FORECAST_CATEGORIES);

    /**
     * Array members whose items the server judges one by one, by {@code Schema.member}: an item that is not what its
     * schema describes is rejected alone in the 2xx answer, not refused with the request, so any item is taken there.
     */
    private static final Map<String, String> ITEMS_JUDGED_ALONE = Map.of("IngestRequest.events",
            "An IncomingEvent; anything else is rejected alone, in the errors of the 202, while the rest of the batch "
                    + "is stored (API.md section 5)");

    /** Query parameters whose meaning depends on the operation: {@code METHOD path name}. */
    private static final Map<String, Supplier<Schema<?>>> QUERY_BY_OPERATION = Map.ofEntries(
            Map.entry("GET /v1/customers status", () -> commaList(CustomerLifecycle.STATUSES)),
            Map.entry("GET /v1/tasks status", () -> commaList(TaskLifecycle.STATUSES)),
            Map.entry("GET /v1/events from", OpenApiContract::dateOrTime),
            Map.entry("GET /v1/events to", OpenApiContract::dateOrTime),
            // an item is not empty (QueryLists)
            Map.entry("GET /v1/events type", () -> new ArraySchema().items(new StringSchema()
                    .maxLength(UsageEventTypes.MAX_TYPE_LENGTH).pattern(FieldRules.NOT_BLANK))),
            Map.entry("GET /v1/customers/{id}/history type", () -> commaList(CustomerHistory.TYPES)),
            Map.entry("GET /v1/customers/{id}/health/changes from", OpenApiContract::dateOrTime),
            Map.entry("GET /v1/customers/{id}/health/changes to", OpenApiContract::dateOrTime),
            Map.entry("GET /v1/customers/{id} as_of", DateTimeSchema::new),
            Map.entry("GET /v1/analytics/portfolio as_of", DateSchema::new),
            Map.entry("GET /v1/analytics/cohorts as_of", DateSchema::new),
            Map.entry("GET /v1/analytics/renewals from", DateSchema::new),
            Map.entry("GET /v1/analytics/renewals to", DateSchema::new),
            Map.entry("GET /v1/customers/{id}/health/history from", OpenApiContract::dateOrTime),
            Map.entry("GET /v1/customers/{id}/health/history to", OpenApiContract::dateOrTime),
            // the CSV import's options, with the JSON form's defaults (conflict_resolution's depends on the mode)
            Map.entry("POST /v1/customers/bulk-import mode",
                    () -> strings(ImportOptions.MODES)._default(ImportOptions.DEFAULTS.mode())),
            Map.entry("POST /v1/customers/bulk-import conflict_resolution", () -> strings(ImportOptions.CONFLICT_RESOLUTIONS)),
            Map.entry("POST /v1/customers/bulk-import match_on",
                    () -> strings(ImportOptions.MATCH_ON)._default(ImportOptions.DEFAULTS.matchOn())));

    /**
     * Path parameters that name one of a closed set, by the path of the resource they name: on its operations and on
     * those under it ({@code /v1/integrations/{name}/connect}). Any other value is 404.
     */
    private static final Map<String, Supplier<Schema<?>>> PATH_BY_RESOURCE = Map.of(
            "/v1/integrations/{name}", () -> strings(Integrations.NAMES));

    /** Descriptions of parameters that mean one thing wherever they appear. */
    private static final Map<String, String> PARAMETER_TEXT = Map.ofEntries(
            Map.entry("limit", "Rows per page, 1 to " + Pagination.MAX_LIMIT + " (default " + Pagination.DEFAULT_LIMIT + ")"),
            Map.entry("cursor", "next_cursor of the previous page; absent for the first page"),
            Map.entry(HttpHeaders.IF_MATCH, "An ETag, a list of them, or *: the write is refused 412 unless the resource "
                    + "is at one of those versions"),
            Map.entry("owner_id", "Only those owned by this user"),
            Map.entry("assignee_id", "Only those assigned to this user"),
            Map.entry("customer_id", "Only those of this customer"),
            Map.entry("playbook_id", "Only those created by this playbook"),
            Map.entry("segment_id", "Only those of this segment"),
            Map.entry("status", "Only those with this status (customers: a comma list)"),
            Map.entry("due_before", "Only those due before this day"),
            Map.entry("due_after", "Only those due after this day"),
            Map.entry("health_status", "Only those with this health status"),
            Map.entry("min_arr", "Only those with at least this ARR"),
            Map.entry("max_arr", "Only those with at most this ARR"),
            Map.entry("renewal_within_days", "Only those renewing within this many days from today"),
            Map.entry("q", "Case- and accent-insensitive search in name and email_domain, at most 200 characters; "
                    + "ø, ß, æ, ł and the like are folded as PostgreSQL's unaccent folds them (oresund finds Øresund, "
                    + "strasse finds Straße)"),
            Map.entry("sort", "Order of the list; a leading - is descending"),
            Map.entry("as_of", "The state at this point in time (folded from the event store)"),
            Map.entry("hard", "GDPR erasure instead of the trash (scope admin:*)"),
            Map.entry("code", "The authorization code the provider sends back"),
            Map.entry("state", "The single-use state of the authorization (its credential)"),
            Map.entry("error", "The provider's error, when the user refused"),
            Map.entry("granularity", "One point per day or per week"),
            Map.entry("cohort_period", "Cohorts by month or by quarter of their start"),
            Map.entry("months_out", "How many months after the start each cohort is followed"),
            Map.entry("processing_group", "Only the letters of this processor"),
            Map.entry("forecast_category", "Only renewals of these forecast categories (a comma list)"),
            Map.entry("customerId", "The customer's id"),
            Map.entry("contactId", "The contact's id"),
            Map.entry("processingGroup", "The processor (processing group) that parked the letters"),
            Map.entry("sequenceId", "The parked sequence: the aggregate its events belong to"));

    /** The groups of operations, as their controllers' @Tag name them. */
    private static final Map<String, String> TAGS = Map.ofEntries(
            Map.entry("Customers", "Customers, their trash, history and point-in-time reads (API.md section 3)"),
            Map.entry("Contacts", "A customer's contacts"),
            Map.entry("Health", "Health scores, their history and changes, and the workspace's health model (section 4)"),
            Map.entry("Events", "Product-usage events: ingestion and reading back (section 5)"),
            Map.entry("Playbooks", "Rules that turn health changes and events into tasks and notifications (section 6)"),
            Map.entry("Tasks", "Tasks for customer-success managers (section 6)"),
            Map.entry("Analytics", "Portfolio, renewals and cohorts, from the events (section 7)"),
            Map.entry("Integrations", "Connected tools and notification signing (section 8)"),
            Map.entry("Users", "The workspace's users and the calling actor (section 2)"),
            Map.entry("API keys", "API keys of the workspace (section 2)"),
            Map.entry("Territories", "Territories users are given (section 2)"),
            Map.entry("Segments", "Segments customers belong to"),
            Map.entry(OPERATOR, "The operator's API: workspaces and dead letters (operator token)"),
            Map.entry("Operations", "Projections and their replay (role admin, scope admin:*)"),
            Map.entry("Jobs", "Background jobs: bulk imports of customers and their per-row outcome (section 3)"),
            Map.entry("Webhooks", "Webhook subscriptions, their deliveries, secret rotation and replay (section 8)"),
            Map.entry("OpenAPI", "This document"));

    private static final Pattern SCHEMA_REF = Pattern.compile("#/components/schemas/([A-Za-z0-9_.-]+)");
    /** The members of a list's envelope ({@link Pagination.Page}). */
    private static final Set<String> PAGE = Set.of("data", "next_cursor", "has_more");

    private OpenApiContract() {
    }

    static void complete(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        problemIsOpen(schemas);
        headers(openApi);
        Schema<Object> emptyBody = new ObjectSchema().additionalProperties(false)
                .description("The body of an operation that reads none: nothing, or {} (a member is an unknown field)");
        // an object node, which the document writes as {}: ObjectSchema.example would take a Map for its text
        emptyBody.setExample(JsonNodeFactory.instance.objectNode());
        schemas.put(EMPTY_BODY, emptyBody);
        Set<String> answered = reachable(openApi, schemas);
        schemas.forEach((name, schema) -> {
            Object always = schema.getExtensions() == null ? null : schema.getExtensions().remove(ApiModelResolver.ALWAYS_WRITTEN);
            if (schema.getExtensions() != null && schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
            if (always instanceof List<?> members && answered.contains(name) && !members.isEmpty()) {
                // once each: an unwrapped member's own may already be required
                members.stream().map(String.class::cast).distinct()
                        .filter(member -> schema.getRequired() == null || !schema.getRequired().contains(member))
                        .forEach(schema::addRequiredItem);
            }
        });
        enums(schemas);
        fixedKeys(schemas);
        itemsJudgedAlone(schemas);
        patches(openApi, schemas);
        closedRequestBodies(openApi, schemas);
        pageExamples(openApi, schemas);
        openApi.getPaths().addPathItem(OPENAPI_PATH, ownPath(openApi));
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                operation(path, method, operation)));
        Set<String> tags = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getTags() != null) {
                tags.addAll(operation.getTags());
            }
        }));
        // a tag without a description fails the lint (lint/.spectral.yaml): a new one is described here
        openApi.setTags(tags.stream().map(name -> new Tag().name(name).description(TAGS.get(name))).toList());
    }

    private static void operation(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getDescription() == null) {
                    parameter.setDescription(describe(path, parameter.getName()));
                }
                if ("path".equals(parameter.getIn())) {
                    PATH_BY_RESOURCE.forEach((resource, typed) -> {
                        if ((path.equals(resource) || path.startsWith(resource + "/"))
                                && resource.endsWith("/{" + parameter.getName() + "}")) {
                            parameter.setSchema(typed.get());
                        }
                    });
                }
                if (!"query".equals(parameter.getIn())) {
                    continue;
                }
                Supplier<Schema<?>> typed = QUERY_BY_OPERATION.getOrDefault(method + " " + path + " " + parameter.getName(),
                        QUERY.get(parameter.getName()));
                if (typed != null) {
                    parameter.setSchema(typed.get());
                    if (parameter.getSchema() instanceof ArraySchema) {
                        // one value, its items separated by commas: ?status=active,trial
                        parameter.style(Parameter.StyleEnum.FORM).explode(false);
                    }
                }
            }
        }
        // every authenticated POST takes an Idempotency-Key, the operator's in a scope of their own (IdempotencyFilter)
        boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
        boolean idempotent = method == PathItem.HttpMethod.POST && !open;
        if (operation.getRequestBody() == null && BodilessOperations.WITH_BODY.contains(method.name())) {
            operation.setRequestBody(new RequestBody().required(false).description("None; a body sent must be {}")
                    .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                            new MediaType().schema(new Schema<>().$ref(SCHEMAS + EMPTY_BODY)))));
        }
        if (idempotent) {
            operation.addParametersItem(new Parameter().in("header").name(Commands.IDEMPOTENCY_KEY_HEADER)
                    .description("Runs the POST at most once within 24 h: a retry with the same key and request, by "
                            + "the same caller (API key or user, with the same role and scopes; or the operator), gets "
                            + "the stored answer with Idempotent-Replayed: true, without any secret; the same request is "
                            + "the same body byte for byte (a retry resends the bytes it sent, not the same JSON written "
                            + "otherwise); the key with another "
                            + "request or by another caller is 422 idempotency_key_reused; while the first still runs, 409 "
                            + "idempotency_key_in_use; once a customer it named is erased, 409 idempotency_key_erased "
                            + "(neither replayed nor run again); 401 and 403 are not stored (docs/conventions.md)")
                    .schema(new StringSchema().minLength(1).maxLength(255)));
        }
        boolean answersETag = operation.getExtensions() != null
                && operation.getExtensions().remove(ANSWERS_ETAG) != null;
        if (operation.getExtensions() != null && operation.getExtensions().isEmpty()) {
            operation.setExtensions(null);
        }
        if (answersETag && method == PathItem.HttpMethod.GET) {
            operation.addParametersItem(new Parameter().in("header").name(HttpHeaders.IF_NONE_MATCH)
                    .description("ETags (or *): 304 when one is the current version").schema(new StringSchema()));
            operation.getResponses().addApiResponse("304", new ApiResponse()
                    .description("Not modified: the If-None-Match named the current version"));
        }
        ErrorResponses.declare(path, method, operation, open);
        operation.getResponses().forEach((status, response) -> {
            header(response, TRACE_ID);
            // every answer counts against a limit (RateLimitGate): a workspace's, the operator's, an address's; but
            // for those the server may give before counting one
            if (MAYBE_UNCOUNTED.containsKey(status)) {
                RATE_LIMIT_HEADERS.forEach(name -> response.addHeaderObject(name,
                        optional(name, MAYBE_UNCOUNTED.get(status))));
            } else {
                RATE_LIMIT_HEADERS.forEach(name -> header(response, name));
            }
            if (idempotent) {
                header(response, IDEMPOTENT_REPLAYED);
            }
            // a 202 names its Location where it has one (a lagging write's resource, a job): an ingested batch has none
            if (status.equals("201")) {
                header(response, HttpHeaders.LOCATION);
            }
            if (answersETag && (status.equals("200") || status.equals("201") || status.equals("304"))) {
                header(response, HttpHeaders.ETAG);
            }
            if (status.equals("429")) {
                header(response, HttpHeaders.RETRY_AFTER);
            }
            if (status.equals("401")) {
                header(response, HttpHeaders.WWW_AUTHENTICATE);
            }
        });
    }

    private static void header(ApiResponse response, String name) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
            response.addHeaderObject(name, new Header().$ref(HEADERS + name));
        }
    }

    private static void headers(OpenAPI openApi) {
        var components = openApi.getComponents();
        components.addHeaders(TRACE_ID, new Header().description("The request's trace id (also trace_id of a problem, "
                + "and in the server's logs); the trace id of a valid W3C traceparent, else a new ULID")
                .required(true).schema(new StringSchema()));
        RATE_LIMIT_HEADERS.forEach(name -> components.addHeaders(name, rateLimitHeader(name).required(true)));
        components.addHeaders(IDEMPOTENT_REPLAYED, new Header()
                .description("true when this is the stored answer of an earlier request with the same Idempotency-Key")
                .schema(new StringSchema()._enum(List.of("true"))));
        components.addHeaders(HttpHeaders.LOCATION, new Header().description("The resource's URL").required(true)
                .schema(new StringSchema()));
        components.addHeaders(HttpHeaders.ETAG, new Header().description(E_TAG).required(true)
                .schema(new StringSchema()));
        components.addHeaders(HttpHeaders.RETRY_AFTER, new Header().description("Seconds until the rate-limit window "
                + "ends").required(true).schema(new IntegerSchema()));
        components.addHeaders(HttpHeaders.WWW_AUTHENTICATE, new Header().description("Bearer").required(true)
                .schema(new StringSchema()));
    }

    private static Header rateLimitHeader(String name) {
        return switch (name) {
            case "X-RateLimit-Limit" -> new Header()
                    .description("Requests allowed in the current window of the request's class").schema(new IntegerSchema());
            case "X-RateLimit-Remaining" -> new Header()
                    .description("Requests left in the current window").schema(new IntegerSchema());
            case "X-RateLimit-Reset" -> new Header()
                    .description("End of the current window, unix seconds").schema(new IntegerSchema().format("int64"));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A rate-limit header of an answer that may come before the request is counted, and so lack it. */
    private static Header optional(String name, String absentWhen) {
        Header header = rateLimitHeader(name);
        return header.description(header.getDescription() + "; absent " + absentWhen);
    }

    /** RFC 9457: a problem may carry extension members (existing_id, limit_class, current_status, ...). */
    private static void problemIsOpen(Map<String, Schema> schemas) {
        Schema<?> problem = schemas.get("Problem");
        problem.setAdditionalProperties(true);
        problem.setRequired(List.of("type", "title", "status", "detail", "instance", "trace_id", "errors"));
        Schema<?> fieldError = schemas.get("FieldError");
        fieldError.setRequired(List.of("field", "code", "message"));
        Schema<?> accepted = schemas.get("Accepted");
        accepted.setRequired(List.of("id", "status"));
    }

    private static void enums(Map<String, Schema> schemas) {
        ENUMS.forEach((key, values) -> {
            String[] parts = key.split("\\.", 2);
            Schema<?> schema = schemas.get(parts[0]);
            Schema<?> member = schema == null || schema.getProperties() == null ? null : schema.getProperties().get(parts[1]);
            if (member == null) {
                throw new IllegalStateException("OpenApiContract.ENUMS names " + key + ", which no schema has");
            }
            Schema<?> target = member.getItems() != null ? member.getItems() : member;
            if (target.getAllOf() == null && target.get$ref() == null) {
                List<Object> allowed = new ArrayList<>(values);
                if (Boolean.TRUE.equals(target.getNullable())) {
                    allowed.add(null); // OpenAPI 3.0.3: a nullable enum lists null
                }
                ((Schema<Object>) target).setEnum(allowed);
            }
        });
    }

    /** The members of {@link #FIXED_KEYS}: each key a property, required, and no other. */
    private static void fixedKeys(Map<String, Schema> schemas) {
        FIXED_KEYS.forEach((key, names) -> {
            String[] parts = key.split("\\.", 2);
            Schema<?> schema = schemas.get(parts[0]);
            Schema<?> member = schema == null || schema.getProperties() == null ? null : schema.getProperties().get(parts[1]);
            if (member == null || !(member.getAdditionalProperties() instanceof Schema<?> value)) {
                throw new IllegalStateException("OpenApiContract.FIXED_KEYS names " + key + ", which no schema has as a map");
            }
            names.forEach(name -> member.addProperty(name, value));
            member.setRequired(names);
            member.setAdditionalProperties(false);
        });
    }

    /** The items of {@link #ITEMS_JUDGED_ALONE}: their schema, or any JSON value. */
    private static void itemsJudgedAlone(Map<String, Schema> schemas) {
        ITEMS_JUDGED_ALONE.forEach((key, description) -> {
            String[] parts = key.split("\\.", 2);
            Schema<?> array = (Schema<?>) schemas.get(parts[0]).getProperties().get(parts[1]);
            if (array.getItems().getAnyOf() == null) {
                array.setItems(new ComposedSchema().anyOf(List.of(array.getItems(), ApiModelResolver.anyValue()))
                        .description(description));
            }
        });
    }

    /**
     * A PATCH that takes the body of a POST (its create) takes its members, none required (only those sent change):
     * its body is the create's schema without {@code required}, as {@code CustomerPatch} for {@code CustomerRequest},
     * where a map member's null value removes its key. A create's other rules (bounds, formats, {@code nullable})
     * hold for the PATCH as they are.
     */
    private static void patches(OpenAPI openApi, Map<String, Schema> schemas) {
        Set<String> created = new HashSet<>();
        openApi.getPaths().values().stream().map(PathItem::getPost).filter(post -> post != null)
                .forEach(post -> bodies(post).forEach(media -> {
                    String name = bodySchema(media);
                    if (name != null) {
                        created.add(name);
                    }
                }));
        openApi.getPaths().values().stream().map(PathItem::getPatch).filter(patch -> patch != null)
                .forEach(patch -> bodies(patch).forEach(media -> {
                    String name = bodySchema(media);
                    Schema<?> body = created.contains(name) ? schemas.get(name) : null;
                    if (body == null || body.getRequired() == null || body.getRequired().isEmpty()) {
                        return;
                    }
                    String partial = name.replaceFirst("Request$", "") + "Patch";
                    schemas.computeIfAbsent(partial, ignored -> partial(body, name));
                    media.setSchema(new Schema<>().$ref(SCHEMAS + partial));
                }));
    }

    /**
     * Every object of a request body, and of the objects it holds, names all its members: an unknown one is
     * {@code 400 unknown_field} (RequestJson), so the document says {@code additionalProperties: false}, and a client
     * or validator made from it refuses what the server refuses. Maps (custom fields, event properties) keep their
     * own values' schema, and the items judged alone ({@link #ITEMS_JUDGED_ALONE}) stay any value.
     */
    private static void closedRequestBodies(OpenAPI openApi, Map<String, Schema> schemas) {
        Deque<String> pending = new ArrayDeque<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation ->
                bodies(operation).forEach(media -> refs(media.getSchema(), pending))));
        closure(pending, schemas).stream().map(schemas::get).filter(Objects::nonNull)
                .filter(schema -> schema.getProperties() != null && schema.getAdditionalProperties() == null)
                .forEach(schema -> schema.setAdditionalProperties(false));
    }

    private static Collection<MediaType> bodies(Operation operation) {
        return operation.getRequestBody() == null || operation.getRequestBody().getContent() == null ? List.of()
                : operation.getRequestBody().getContent().values();
    }

    /** The name of the component schema a body refers to, or null. */
    private static String bodySchema(MediaType media) {
        return schemaName(media.getSchema());
    }

    /** The name of the component schema {@code reference} refers to, or null. */
    private static String schemaName(Schema<?> reference) {
        Matcher name = SCHEMA_REF.matcher(reference == null || reference.get$ref() == null ? "" : reference.get$ref());
        return name.matches() ? name.group(1) : null;
    }

    /**
     * The example of a paginated list is a page of its item's example, as the page schemas are generic and no
     * annotation can give each its own: that item, more after it, and the cursor after it (the item's position by its
     * first member, as a list by id writes it). A list answered in one page has its own example.
     */
    private static void pageExamples(OpenAPI openApi, Map<String, Schema> schemas) {
        openApi.getPaths().values().forEach(item -> item.readOperations().stream()
                .filter(operation -> operation.getParameters() != null && operation.getParameters().stream()
                        .anyMatch(parameter -> parameter.getName().equals("cursor")))
                .flatMap(operation -> operation.getResponses().values().stream())
                .filter(response -> response.getContent() != null)
                .flatMap(response -> response.getContent().values().stream())
                .<Schema<?>>map(media -> schemas.get(bodySchema(media)))
                .filter(page -> page != null && page.getProperties() != null
                        && page.getProperties().keySet().equals(PAGE))
                .forEach(page -> {
                    Schema<?> items = schemas.get(schemaName(page.getProperties().get("data").getItems()));
                    if (items == null || items.getExample() == null) {
                        // no page example either: OpenApiSpecTest names the list
                        return;
                    }
                    JsonNode first = Json.mapper().valueToTree(items.getExample());
                    String key = first.fieldNames().next();
                    ObjectNode example = JsonNodeFactory.instance.objectNode();
                    example.putArray("data").add(first);
                    page.setExample(example.put("next_cursor", Pagination.encode(Map.of(key, first.get(key).asText())))
                            .put("has_more", true));
                }));
    }

    private static Schema<?> partial(Schema<?> create, String name) {
        Schema<?> patch = Json.mapper().convertValue(create, Schema.class);
        patch.setRequired(null);
        patch.setDescription("The members of " + name + ", none required: only those sent change");
        patch.getProperties().values().forEach(member -> {
            if (member.getAdditionalProperties() instanceof Schema<?> values) {
                if (values.getAnyOf() != null) {
                    values.getAnyOf().forEach(alternative -> alternative.setNullable(true));
                } else {
                    values.setNullable(true);
                }
            }
        });
        return patch;
    }

    /** The schemas some response body uses, directly or through its members. */
    private static Set<String> reachable(OpenAPI openApi, Map<String, Schema> schemas) {
        Deque<String> pending = new ArrayDeque<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation ->
                operation.getResponses().values().forEach(response -> {
                    if (response.getContent() != null) {
                        response.getContent().values().forEach(media -> refs(media.getSchema(), pending));
                    }
                })));
        return closure(pending, schemas);
    }

    /** The schemas named in {@code pending} and every schema they name, through members, items and compositions. */
    private static Set<String> closure(Deque<String> pending, Map<String, Schema> schemas) {
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (seen.add(name) && schemas.get(name) != null) {
                refs(schemas.get(name), pending);
            }
        }
        return seen;
    }

    private static void refs(Schema<?> schema, Deque<String> into) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            Matcher name = SCHEMA_REF.matcher(schema.get$ref());
            if (name.matches()) {
                into.push(name.group(1));
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(member -> refs(member, into));
        }
        refs(schema.getItems(), into);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            refs(values, into);
        }
        for (List<Schema> composed : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (composed != null) {
                composed.forEach(part -> refs(part, into));
            }
        }
    }

    /** GET /v1/openapi.json: this document, public; its parameters, headers and errors as every operation's. */
    private static PathItem ownPath(OpenAPI openApi) {
        ObjectNode start = JsonNodeFactory.instance.objectNode().put("openapi", openApi.getOpenapi());
        start.putObject("info").put("title", openApi.getInfo().getTitle())
                .put("version", openApi.getInfo().getVersion());
        Operation get = new Operation().operationId("getOpenApiDocument").summary("This OpenAPI document")
                .description("The complete OpenAPI 3 description of the /v1 API; public (no token). Swagger UI "
                        + "renders it at /docs.")
                .addTagsItem("OpenAPI").security(List.of());
        get.setResponses(new io.swagger.v3.oas.models.responses.ApiResponses()
                .addApiResponse("200", new ApiResponse().description("The document").content(new Content()
                        .addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, new MediaType()
                                .schema(new ObjectSchema().additionalProperties(true)
                                        .description("An OpenAPI 3.0 document"))
                                .addExamples("document", new Example().summary("Its first members; paths and "
                                        + "components follow").value(start))))));
        return new PathItem().get(get);
    }

    /** A parameter's description: by its name, or for a resource's id or name, by the resource the path names. */
    private static String describe(String path, String name) {
        if (PARAMETER_TEXT.containsKey(name)) {
            return PARAMETER_TEXT.get(name);
        }
        Matcher resource = Pattern.compile("/([a-z-]+)/\\{" + Pattern.quote(name) + "}").matcher(path);
        if (resource.find() && (name.equals("id") || name.equals("name"))) {
            String plural = resource.group(1).replace('-', ' ');
            return "The " + plural.substring(0, plural.length() - 1) + "'s " + name;
        }
        return null;
    }

    private static Schema<?> amount() {
        return new NumberSchema().minimum(BigDecimal.ZERO).maximum(AMOUNT_BOUND).exclusiveMaximum(true)
                .description("0 to below 10^15, at most 2 decimals");
    }

    private static StringSchema strings(List<String> values) {
        StringSchema schema = new StringSchema();
        schema.setEnum(new ArrayList<>(new LinkedHashSet<>(values)));
        return schema;
    }

    /**
     * A query parameter that takes a date or an ISO 8601 time ({@link Dates#rangeStart}, {@link Dates#rangeEnd},
     * {@link Dates#day}).
     */
    private static Schema<?> dateOrTime() {
        return new StringSchema().anyOf(List.of(new DateSchema(), new DateTimeSchema()));
    }

    /** A query parameter holding a comma list of these values. */
    private static Schema<?> commaList(List<String> values) {
        return new ArraySchema().items(strings(values));
    }
}
