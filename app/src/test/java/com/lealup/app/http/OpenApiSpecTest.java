package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.Names;
import com.lealup.api.integration.Integrations;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The OpenAPI document describes exactly the /v1 operations the server has, with their real success codes. */
class OpenApiSpecTest extends ApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void everyV1OperationIsInTheSpecWithItsSuccessStatus() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            for (String path : mapping.getKey().getPatternValues()) {
                if (!path.startsWith("/v1/") || path.startsWith("/v1/openapi.json")) {
                    continue;
                }
                for (RequestMethod method : mapping.getKey().getMethodsCondition().getMethods()) {
                    JsonNode operation = spec.path("paths").path(path).path(method.name().toLowerCase());
                    if (operation.isMissingNode()) {
                        missing.add(method + " " + path);
                        continue;
                    }
                    String expected = switch (method) {
                        case DELETE -> "204";
                        case POST -> path.endsWith("/restore") || path.endsWith("/recalculate")
                                || path.endsWith("/complete") || path.endsWith("/connect") ? "200" : "201|202|200";
                        default -> "200";
                    };
                    assertThat(operation.path("responses").fieldNames()).toIterable()
                            .as(method + " " + path).anyMatch(code -> code.matches(expected));
                    assertThat(operation.path("summary").asText()).as(method + " " + path + " has a summary").isNotBlank();
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(spec.path("paths").has("/error")).isFalse();
        assertThat(spec.path("paths").path("/v1/customers").path("post").path("responses").has("201")).isTrue();
        assertThat(spec.path("paths").path("/v1/customers/{id}").path("patch").path("requestBody").toString())
                .contains("CustomerPatch");
        assertThat(spec.path("paths").path("/v1/events").path("post").path("requestBody").toString())
                .contains("IngestRequest");
        assertThat(spec.path("components").path("schemas").path("IncomingEvent").path("properties").has("event_id"))
                .isTrue();
    }

    /**
     * The document as served, for the Spectral lint of .ci/run ({@code lint/}); and what makes it a contract: chosen
     * operationIds, required members, nullable, enums, typed query parameters, declared headers, examples.
     */
    @Test
    void theDocumentIsAContract() throws Exception {
        Response served = http().get("/v1/openapi.json").send();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), served.rawBody());
        JsonNode spec = served.json();
        assertThat(spec.path("openapi").asText()).startsWith("3.0");

        Set<String> operationIds = new HashSet<>();
        spec.path("paths").forEach(item -> item.forEach(operation -> {
            String id = operation.path("operationId").asText();
            assertThat(id).as("chosen with @Operation(operationId = ...), never springdoc's list_6").matches("[a-z][a-zA-Z]+");
            assertThat(operationIds.add(id)).as(id + " is unique").isTrue();
            operation.path("responses").forEach(response -> {
                assertThat(response.path("headers").has("X-Trace-Id")).as(id + " declares X-Trace-Id").isTrue();
                // springdoc says */* where a mapping does not declare what it produces
                assertThat(response.path("content").fieldNames()).toIterable().as(id + " names the media type it sends")
                        .doesNotContain("*/*");
            });
        }));
        assertThat(operationIds).contains("listCustomers", "createCustomer", "getOpenApiDocument");

        JsonNode schemas = spec.path("components").path("schemas");
        JsonNode customer = schemas.path("Customer");
        assertThat(customer.path("required").toString()).contains("\"id\"", "\"owner_id\"", "\"custom_fields\"");
        assertThat(customer.path("properties").path("owner_id").path("nullable").asBoolean()).isTrue();
        assertThat(customer.path("properties").path("name").path("nullable").asBoolean()).isFalse();
        assertThat(customer.path("properties").path("status").path("enum").size()).isEqualTo(4);
        assertThat(customer.path("properties").path("custom_fields").path("additionalProperties").path("anyOf").size())
                .as("custom field values are scalars").isEqualTo(3);
        assertThat(schemas.path("PageCustomer").path("properties").path("next_cursor").path("nullable").asBoolean()).isTrue();

        Instant replaySince = Instant.parse(schemas.path("ReplayRequest").path("example").path("since").asText());
        assertThat(replaySince).as("within the 30 days a replay may go back").isBetween(
                clock.instant().minus(Duration.ofDays(30)), clock.instant());
        assertThat(schemas.path("ReplayRequest").path("properties").path("since").path("example").asText())
                .isEqualTo(replaySince.toString());

        JsonNode byStatus = schemas.path("PortfolioJson").path("properties").path("by_status");
        assertThat(byStatus.path("required")).as("every status, zeros included (docs/analytics.md)")
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("active", "trial", "churned", "paused");
        assertThat(byStatus.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schemas.path("PortfolioJson").path("properties").path("health_distribution").path("properties")
                .fieldNames()).toIterable().containsExactlyInAnyOrder("healthy", "neutral", "at_risk", "unknown");
        assertThat(schemas.path("Month").path("properties").path("by_forecast_category").path("required").size())
                .isEqualTo(5);

        Instant eventTime = Instant.parse(schemas.path("IngestRequest").path("example").path("events").get(0)
                .path("timestamp").asText());
        assertThat(eventTime).as("within the 365 days an event may be old").isBetween(
                clock.instant().minus(Duration.ofDays(2)), clock.instant());

        JsonNode request = schemas.path("CustomerRequest");
        assertThat(request.path("required").toString()).as("what POST /v1/customers refuses without")
                .isEqualTo("[\"email_domain\",\"name\"]");
        assertThat(request.path("properties").path("name").path("maxLength").asInt()).isEqualTo(200);
        assertThat(request.path("properties").path("name").path("pattern").asText()).as("one line, not blank")
                .isEqualTo(Names.PATTERN);
        assertThat(request.path("properties").path("arr").path("minimum").asInt()).isZero();
        assertThat(request.path("properties").path("owner_id").path("nullable").asBoolean()).isTrue();
        assertThat(request.path("properties").path("custom_fields").path("maxProperties").asInt()).isEqualTo(100);
        JsonNode patch = schemas.path("CustomerPatch");
        assertThat(patch.has("required")).as("a PATCH requires nothing").isFalse();
        assertThat(patch.path("properties").path("name").path("maxLength").asInt()).isEqualTo(200);
        assertThat(patch.path("properties").path("custom_fields").path("additionalProperties").path("anyOf").get(0)
                .path("nullable").asBoolean()).as("a null custom field removes its key").isTrue();
        assertThat(schemas.path("PlaybookRequest").path("required").toString()).contains("\"name\"", "\"trigger\"",
                "\"actions\"");
        assertThat(schemas.path("PlaybookRequest").path("properties").path("actions").path("maxItems").asInt()).isEqualTo(20);
        // a playbook's trigger and actions show only their type's members, but always their type
        assertThat(schemas.path("PlaybookTrigger").path("required").toString()).isEqualTo("[\"type\"]");
        assertThat(schemas.path("PlaybookAction").path("required").toString()).isEqualTo("[\"type\"]");
        assertThat(schemas.path("InviteRequest").path("properties").path("email").path("maxLength").asInt()).isEqualTo(320);
        assertThat(schemas.path("SubscriptionRequest").path("required").toString()).contains("\"url\"", "\"events\"");
        assertThat(schemas.path("ImportRequest").path("required").toString()).contains("\"customers\"");
        assertThat(schemas.path("IngestRequest").path("required").toString()).contains("\"events\"");
        assertThat(schemas.path("IngestRequest").path("properties").path("events").path("items").path("anyOf").size())
                .as("an IncomingEvent, or anything else: rejected alone in the 202").isEqualTo(2);
        assertThat(schemas.path("IncomingEvent").path("required").toString()).contains("\"type\"", "\"timestamp\"");
        // an event whose text is longer than the server keeps is rejected alone: the document says how long
        Map<String, Integer> eventTexts = Map.of("event_id", 255, "type", 100, "customer_id", 40, "email_domain", 255,
                "contact_email", 320);
        eventTexts.forEach((member, max) -> assertThat(schemas.path("IncomingEvent").path("properties").path(member)
                .path("maxLength").asInt()).as("IncomingEvent." + member).isEqualTo(max));

        // the main resources' answers carry an example with every member they always have (Spectral checks its types)
        for (String resource : List.of("Customer", "CustomerDetail", "Contact", "Task", "Playbook", "Job",
                "WebhookSubscription")) {
            JsonNode example = schemas.path(resource).path("example");
            assertThat(example.isObject()).as(resource + " has an example").isTrue();
            schemas.path(resource).path("required").forEach(member ->
                    assertThat(example.has(member.asText())).as(resource + " example has " + member).isTrue());
        }

        JsonNode list = spec.path("paths").path("/v1/customers").path("get");
        Map<String, JsonNode> parameters = new HashMap<>();
        list.path("parameters").forEach(parameter -> parameters.put(parameter.path("name").asText(), parameter));
        assertThat(parameters.get("limit").path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(parameters.get("limit").path("schema").path("maximum").asInt()).isEqualTo(200);
        assertThat(parameters.get("min_arr").path("schema").path("type").asText()).isEqualTo("number");
        assertThat(parameters.get("q").path("schema").path("maxLength").asInt()).isEqualTo(200);
        assertThat(parameters.get("sort").path("schema").path("enum").size()).isGreaterThan(1);
        // a comma list is one parameter whose items are enumerated: ?status=active,trial
        assertThat(parameters.get("status").path("schema").path("items").path("enum").size()).isEqualTo(4);
        assertThat(parameters.get("status").path("explode").asBoolean(true)).isFalse();
        JsonNode monthsOut = null;
        for (JsonNode parameter : spec.at("/paths/~1v1~1analytics~1cohorts/get/parameters")) {
            monthsOut = parameter.path("name").asText().equals("months_out") ? parameter.path("schema") : monthsOut;
        }
        assertThat(monthsOut).isNotNull();
        assertThat(monthsOut.path("maximum").asInt()).isEqualTo(36);
        assertThat(monthsOut.path("default").asInt()).isEqualTo(12);
        // the CSV import's options default as the JSON form's do (docs/customers.md "Bulk import"); conflict_resolution's
        // default is the mode's, told in words
        JsonNode json = schemas.path("ImportRequest").path("properties");
        for (JsonNode parameter : spec.at("/paths/~1v1~1customers~1bulk-import/post/parameters")) {
            String name = parameter.path("name").asText();
            if (name.equals("conflict_resolution")) {
                assertThat(parameter.path("schema").has("default")).isFalse();
                assertThat(json.path(name).has("default")).isFalse();
                assertThat(List.of(parameter.path("description").asText(), json.path(name).path("description").asText()))
                        .allSatisfy(text -> assertThat(text).contains("fail in create, overwrite in create_or_update"));
            } else if (json.has(name)) {
                assertThat(parameter.path("schema").path("default").asText()).as(name)
                        .isEqualTo(json.path(name).path("default").asText()).isNotEmpty();
                assertThat(parameter.path("description").asText()).as(name)
                        .contains("default " + json.path(name).path("default").asText());
            }
        }
        // OpenAPI 3.0.3: a nullable enum lists null, or a null it answers fails validation (replay_mode did)
        List<String> nullableEnums = new ArrayList<>();
        nullableEnumsWithoutNull(schemas, "components.schemas", nullableEnums);
        assertThat(nullableEnums).isEmpty();
        assertThat(schemas.at("/ProjectionJson/properties/replay_mode/enum").toString())
                .isEqualTo("[\"blue_green\",\"in_place\",null]");

        // each time bound says what its endpoint takes: a date or a time (the health history's a day: a time stands
        // for its day)
        Map<String, JsonNode> history = parameters(spec, "/v1/customers/{id}/health/history");
        assertThat(history.get("from").path("description").asText()).contains("YYYY-MM-DD").contains("its day");
        for (String path : List.of("/v1/events", "/v1/customers/{id}/health/changes",
                "/v1/customers/{id}/health/history")) {
            for (String bound : List.of("from", "to")) {
                JsonNode parameter = parameters(spec, path).get(bound);
                assertThat(parameter.path("schema").path("anyOf").findValuesAsText("format")).as(path + " " + bound)
                        .containsExactly("date", "date-time");
                assertThat(parameter.path("description").asText()).as(path + " " + bound).contains("date", "time");
            }
        }
        JsonNode eventTypes = parameters(spec, "/v1/events").get("type");
        assertThat(eventTypes.path("schema").path("type").asText()).as("a comma list").isEqualTo("array");
        assertThat(eventTypes.path("explode").asBoolean(true)).isFalse();
        assertThat(parameters(spec, "/v1/customers/{id}/history").get("type").path("schema").path("items")
                .path("enum").size()).isGreaterThan(1);
        // an integration's name is one of those that exist, wherever a path names one
        for (String operation : List.of("/paths/~1v1~1integrations~1{name}~1connect/post",
                "/paths/~1v1~1integrations~1{name}~1callback/get", "/paths/~1v1~1integrations~1{name}/delete")) {
            JsonNode name = null;
            for (JsonNode parameter : spec.at(operation + "/parameters")) {
                name = parameter.path("name").asText().equals("name") ? parameter : name;
            }
            assertThat(name).as(operation).isNotNull();
            List<String> names = new ArrayList<>();
            name.path("schema").path("enum").forEach(value -> names.add(value.asText()));
            assertThat(names).as(operation).isEqualTo(Integrations.NAMES);
        }
        // a projection's status has no version: no ETag, no 304
        assertThat(spec.at("/paths/~1v1~1admin~1projections~1{name}/get/responses").has("304")).isFalse();

        JsonNode create = spec.path("paths").path("/v1/customers").path("post");
        assertThat(create.path("parameters").toString()).contains("Idempotency-Key");
        assertThat(create.path("responses").path("201").path("headers").fieldNames()).toIterable()
                .contains("Location", "ETag", "X-RateLimit-Remaining", "Idempotent-Replayed");
        assertThat(create.path("responses").path("429").path("headers").fieldNames()).toIterable()
                .contains("Retry-After");
        // the operator's POSTs belong to no workspace, and take an Idempotency-Key in a scope of their own
        for (String path : List.of("/v1/workspaces", "/v1/admin/dead-letters/{processingGroup}/{sequenceId}/retry")) {
            JsonNode post = spec.path("paths").path(path).path("post");
            assertThat(post.path("parameters").toString()).as(path).contains("Idempotency-Key");
            post.path("responses").forEach(response -> assertThat(response.path("headers").has("Idempotent-Replayed"))
                    .as(path).isTrue());
        }
        // every answer counts against a limit: the public operations' the address's, the operator's its own
        JsonNode callback = spec.at("/paths/~1v1~1integrations~1{name}~1callback/get");
        assertThat(callback.path("security").toString()).isEqualTo("[]");
        for (JsonNode operation : List.of(callback, spec.at("/paths/~1v1~1workspaces/post"),
                spec.at("/paths/~1v1~1admin~1dead-letters/get"), spec.at("/paths/~1v1~1openapi.json/get"))) {
            assertThat(operation.path("responses")).isNotEmpty().allSatisfy(response -> assertThat(response
                    .path("headers").has("X-RateLimit-Remaining")).as(operation.path("operationId").asText()).isTrue());
        }
        assertThat(spec.path("paths").path("/v1/customers/{id}").path("get").path("responses").has("304")).isTrue();
        assertThat(schemas.path("CustomerRequest").path("example").path("name").asText()).isEqualTo("Acme Corp");
        // a POST that reads no body takes none, or {} (docs/conventions.md "Operations that read no body")
        JsonNode restore = spec.at("/paths/~1v1~1customers~1{id}~1restore/post/requestBody");
        assertThat(restore.path("required").asBoolean(true)).isFalse();
        assertThat(restore.at("/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/EmptyBody");
        assertThat(schemas.path("EmptyBody").path("additionalProperties").asBoolean(true)).isFalse();
    }

    /**
     * Every operation names its errors, status by status, with the problem types each may carry (docs/conventions.md,
     * "OpenAPI"): those of every operation of its kind, and its own.
     */
    @Test
    void everyOperationNamesItsErrorsAndTheirTypes() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            JsonNode operation = entry.getValue();
            String id = operation.path("operationId").asText();
            JsonNode responses = operation.path("responses");
            List<String> statuses = new ArrayList<>();
            responses.fieldNames().forEachRemaining(statuses::add);
            assertThat(statuses).as(id).contains("400", "413", "415", "429", "500", "4XX", "5XX");
            boolean open = operation.path("security").isArray() && operation.path("security").isEmpty();
            if (!open) {
                assertThat(statuses).as(id + " is authenticated").contains("401", "403");
                assertThat(types(responses, "401")).as(id).containsExactly("unauthorized");
                assertThat(types(responses, "403")).as(id).containsExactly("forbidden");
            }
            if (path.getKey().contains("{")) {
                assertThat(types(responses, "404")).as(id + " names a resource").containsExactly("not_found");
            }
            if (entry.getKey().equals("post") && !open) {
                assertThat(types(responses, "400")).as(id).contains("invalid_idempotency_key");
                assertThat(types(responses, "409")).as(id).contains("idempotency_key_in_use");
                assertThat(types(responses, "422")).as(id).contains("idempotency_key_reused");
            }
            assertThat(types(responses, "400")).as(id).contains("bad_request", "malformed_json", "validation_error");
            assertThat(types(responses, "413")).as(id).contains("body_too_large");
            assertThat(types(responses, "415")).as(id).containsExactly("unsupported_media_type");
            statuses.stream().filter(status -> status.matches("[45]\\d\\d")).forEach(status -> {
                assertThat(types(responses, status)).as(id + " " + status + " pins its types").isNotEmpty();
                assertThat(responses.path(status).path("description").asText()).as(id + " " + status)
                        .contains(types(responses, status).get(0) + ": ");
            });
            assertThat(types(responses, "429")).as(id).containsExactly("rate_limited");
            assertThat(types(responses, "500")).as(id).contains("internal_error");
            assertThat(responses.path("429").path("headers").has("Retry-After")).as(id).isTrue();
        }));
        JsonNode paths = spec.path("paths");
        assertThat(types(paths.at("/~1v1~1tasks~1{id}~1complete/post/responses"), "409")).contains("task_closed");
        assertThat(types(paths.at("/~1v1~1tasks~1{id}/patch/responses"), "409")).contains("task_closed");
        JsonNode createCustomer = paths.at("/~1v1~1customers/post/responses");
        assertThat(types(createCustomer, "422")).contains("unknown_owner", "renewal_date_in_past", "unknown_segment");
        assertThat(types(createCustomer, "409")).contains("duplicate_email_domain");
        assertThat(createCustomer.path("409").path("description").asText()).contains("duplicate_email_domain: ");
        JsonNode updateCustomer = paths.at("/~1v1~1customers~1{id}/patch/responses");
        assertThat(types(updateCustomer, "412")).containsExactly("version_mismatch");
        assertThat(types(updateCustomer, "422")).contains("too_many_custom_fields", "unknown_owner");
        assertThat(types(updateCustomer, "400")).as("PATCH holds If-Match").contains("unsupported_precondition");
        // a write that holds no If-Match has no 412; a read no unsupported_precondition
        assertThat(paths.at("/~1v1~1customers~1{id}/delete/responses").has("412")).isFalse();
        assertThat(types(paths.at("/~1v1~1customers~1{id}/get/responses"), "400")).doesNotContain("unsupported_precondition");
        assertThat(types(paths.at("/~1v1~1customers~1{id}/delete/responses"), "409")).containsExactly("import_in_progress");
        assertThat(types(paths.at("/~1v1~1events/post/responses"), "413")).contains("batch_too_large");
        assertThat(types(paths.at("/~1v1~1admin~1projections~1{name}~1replay/post/responses"), "500"))
                .containsExactly("internal_error", "replay_failed");
        // public: no 401 or 403, and the document's own path has its errors as every other
        JsonNode document = paths.at("/~1v1~1openapi.json/get/responses");
        assertThat(document.has("401")).isFalse();
        assertThat(document.has("5XX")).isTrue();
        assertThat(types(document, "500")).containsExactly("internal_error");
        // the headers every answer carries are required where they always are
        JsonNode headers = spec.path("components").path("headers");
        for (String header : List.of("X-Trace-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                "Location")) {
            assertThat(headers.path(header).path("required").asBoolean()).as(header).isTrue();
        }
        // Tomcat answers bad_request before the request is counted: without X-RateLimit-*
        JsonNode badRequestLimit = createCustomer.path("400").path("headers").path("X-RateLimit-Limit");
        assertThat(badRequestLimit.has("$ref")).isFalse();
        assertThat(badRequestLimit.path("required").asBoolean()).isFalse();
        assertThat(createCustomer.path("409").at("/headers/X-RateLimit-Limit/$ref").asText())
                .isEqualTo("#/components/headers/X-RateLimit-Limit");
        assertThat(spec.at("/components/schemas/Accepted/description").asText()).doesNotContain(".java");
        assertThat(paths.at("/~1v1~1customers~1bulk-import/post/summary").asText()).contains("CSV");
    }

    /**
     * Every request body and every 2xx answer with a body shows an example (API.md section 9): its media type's, or
     * its schema's through {@code $ref} (a list's: a whole page); the callbacks' operations too.
     */
    @Test
    void everyBodyHasAnExample() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        List<String> missing = new ArrayList<>();
        spec.path("paths").forEach(item -> item.forEach(operation -> bodiesWithoutExample(spec, operation, missing)));
        assertThat(missing).isEmpty();
    }

    /** The bodies of {@code operation} and of its callbacks that show no example: operationId, status, media type. */
    private static void bodiesWithoutExample(JsonNode spec, JsonNode operation, List<String> missing) {
        String id = operation.path("operationId").asText();
        operation.at("/requestBody/content").properties().stream()
                .filter(media -> !hasExample(spec, media.getValue()))
                .forEach(media -> missing.add(id + " request " + media.getKey()));
        operation.path("responses").properties().stream().filter(response -> response.getKey().startsWith("2"))
                .forEach(response -> response.getValue().path("content").properties().stream()
                        .filter(media -> !hasExample(spec, media.getValue()))
                        .forEach(media -> missing.add(id + " " + response.getKey() + " " + media.getKey())));
        operation.path("callbacks").forEach(callback -> callback.forEach(item -> item.forEach(
                callbackOperation -> bodiesWithoutExample(spec, callbackOperation, missing))));
    }

    private static boolean hasExample(JsonNode spec, JsonNode media) {
        if (media.has("example") || media.has("examples")) {
            return true;
        }
        JsonNode schema = media.path("schema");
        Set<String> followed = new HashSet<>();
        while (!schema.has("example") && schema.has("$ref") && followed.add(schema.path("$ref").asText())) {
            schema = spec.at(schema.path("$ref").asText().substring(1));
        }
        // an object's example given as its text (ObjectSchema.example) is no example of it
        return schema.has("example")
                && (schema.path("example").isObject() || !schema.path("type").asText().equals("object"));
    }

    /** The codes of the problem types a response pins, in order. */
    private static List<String> types(JsonNode responses, String status) {
        List<String> codes = new ArrayList<>();
        responses.path(status).at("/content/application~1problem+json/schema/allOf/1/properties/type/enum")
                .forEach(type -> codes.add(type.asText().substring("https://api.lealup.com/errors/".length())));
        return codes;
    }

    /** The schemas under {@code node} that are nullable with an enum that does not list null. */
    private static void nullableEnumsWithoutNull(JsonNode node, String where, List<String> found) {
        if (node.isObject() && node.path("nullable").asBoolean() && node.path("enum").isArray()) {
            boolean listsNull = false;
            for (JsonNode value : node.path("enum")) {
                listsNull |= value.isNull();
            }
            if (!listsNull) {
                found.add(where);
            }
        }
        if (node.isContainerNode()) {
            node.properties().forEach(member -> nullableEnumsWithoutNull(member.getValue(), where + "." + member.getKey(),
                    found));
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                nullableEnumsWithoutNull(node.get(i), where + "[" + i + "]", found);
            }
        }
    }

    /** The parameters of GET {@code path}, by name. */
    private static Map<String, JsonNode> parameters(JsonNode spec, String path) {
        Map<String, JsonNode> parameters = new HashMap<>();
        spec.path("paths").path(path).path("get").path("parameters")
                .forEach(parameter -> parameters.put(parameter.path("name").asText(), parameter));
        return parameters;
    }

    @Test
    void writesThatWaitForTheirReadModelDocumentTheir202() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        for (String operation : List.of("/v1/customers post", "/v1/customers/{id} patch", "/v1/tasks post",
                "/v1/customers/{customerId}/contacts/{contactId} patch", "/v1/api-keys/{id} delete")) {
            String[] parts = operation.split(" ");
            JsonNode accepted = spec.path("paths").path(parts[0]).path(parts[1]).path("responses").path("202");
            assertThat(accepted.path("content").path("application/json").path("schema").path("$ref").asText())
                    .as(operation).isEqualTo("#/components/schemas/Accepted");
            assertThat(accepted.path("headers").has("Location")).as(operation).isTrue();
        }
        assertThat(spec.path("paths").path("/v1/customers/{id}").path("get").path("responses").has("202")).isFalse();
        assertThat(spec.path("paths").path("/v1/customers/{id}").path("delete").path("responses").has("202")).isFalse();
        assertThat(spec.path("components").path("schemas").path("Accepted").path("properties").fieldNames())
                .toIterable().containsExactly("id", "version", "status", "secret");
        // a 202 declares the Location it sends: a job's, a replay's; an ingested batch has none
        JsonNode paths = spec.path("paths");
        assertThat(paths.path("/v1/customers/bulk-import").path("post").path("responses").path("202").path("headers")
                .has("Location")).isTrue();
        assertThat(paths.path("/v1/admin/projections/{name}/replay").path("post").path("responses").path("202")
                .path("headers").has("Location")).isTrue();
        assertThat(paths.path("/v1/events").path("post").path("responses").path("202").path("headers").has("Location"))
                .isFalse();
        // a 202 that a write also answers for another reason says so (docs/health-model.md)
        assertThat(paths.path("/v1/customers/{id}/health/recalculate").path("post").path("responses").path("202")
                .path("description").asText()).contains("past the read-your-writes timeout; or while the health "
                        + "signals are being rebuilt");
        assertThat(paths.path("/v1/customers").path("post").path("responses").path("202").path("description").asText())
                .contains("(past the read-your-writes timeout)");
    }

    /** What a notify action's webhook target receives is in the document, as a subscription's deliveries are. */
    @Test
    void aPlaybooksWebhookNotificationIsACallbackOfItsCreation() {
        JsonNode spec = http().get("/v1/openapi.json").send().json();
        JsonNode callback = spec.path("paths").path("/v1/playbooks").path("post").path("callbacks").path("notification")
                .path("{$request.body#/actions/0/target}").path("post");
        assertThat(callback.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asText()).isEqualTo("#/components/schemas/PlaybookNotification");
        JsonNode body = spec.path("components").path("schemas").path("PlaybookNotification");
        assertThat(body.path("properties").path("type").path("enum").toString()).isEqualTo("[\"playbook.notification\"]");
        assertThat(body.path("required").toString()).contains("\"data\"", "\"workspace_id\"");
    }

    /** An unknown member of a request body is 400 unknown_field: every object a body holds is closed, maps apart. */
    @Test
    void requestBodiesNameEveryMemberTheyTake() {
        JsonNode schemas = http().get("/v1/openapi.json").send().json().path("components").path("schemas");
        for (String body : List.of("CustomerRequest", "CustomerPatch", "SegmentRequest", "PlaybookRequest",
                "PlaybookActionRequest", "PlaybookTriggerRequest", "IngestRequest", "IncomingEvent", "ModelPatch",
                "DimensionPatch", "SubscriptionRequest", "CreateWorkspaceRequest", "EmptyBody")) {
            assertThat(schemas.path(body).path("additionalProperties").isBoolean()).as(body).isTrue();
            assertThat(schemas.path(body).path("additionalProperties").asBoolean()).as(body).isFalse();
        }
        // custom fields are a map of any keys
        assertThat(schemas.path("CustomerRequest").path("properties").path("custom_fields")
                .path("additionalProperties").isObject()).isTrue();
        // a response may grow members a client ignores
        assertThat(schemas.path("Customer").has("additionalProperties")).isFalse();
    }
}
