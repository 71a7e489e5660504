package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation the OpenAPI document declares, with hostile query parameters and bodies built from its request
 * schema: a string PostgreSQL cannot store (U+0000, an unpaired surrogate), a value of the wrong JSON type, an
 * out-of-range date, at every depth of the schema. None may answer 5xx; the hygiene cases must be 400 problem+json
 * naming the field (per event, by index, for the events of an ingestion batch); the operation's example with a member
 * the document does not call nullable sent as null is never accepted; and afterwards another workspace is served at
 * once: no processor is stuck on anything the corpus left behind.
 */
class HostileCorpusApiTest extends ApiTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** Query values that must not reach a query, and those that must only not break anything. */
    private static final List<String> UNSTORABLE_QUERY_VALUES = List.of("%00", "a%00b");
    private static final List<String> ODD_QUERY_VALUES = List.of("99999999999999999999", "1e400", "-1", "0000-01-01",
            "%2B10000-01-01", "-999999999-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z", "yes", "%5B%5D", "");
    /** The items of a batch are judged one by one: a bad one is rejected alone (docs/ingestion.md). */
    private static final String PER_ITEM = "events[0]";
    /** So are the rows of a bulk import, in its job: a value of the wrong type fails its row alone (docs/customers.md). */
    private static final String PER_ROW = "customers[0]";

    private record Case(String path, JsonNode value, boolean hygiene) {
    }

    private final List<String> failures = new ArrayList<>();
    private JsonNode spec;
    private HttpClientSupport.Workspace ws;
    private Map<String, String> ids;

    @Test
    void noOperationLetsHostileInputThroughOrAnswers5xx() {
        spec = http().get("/v1/openapi.json").send().json();
        ws = http().createWorkspace(OPERATOR_TOKEN, "enterprise"); // rate limits far above the corpus
        ids = ownResources();
        List<Map.Entry<String, String>> operations = new ArrayList<>();
        spec.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "patch", "put", "delete").contains(method)) {
                operations.add(Map.entry(path.getKey(), method));
            }
        }));
        // deletions last: the corpus should not delete what later operations address
        operations.sort(Comparator.comparing((Map.Entry<String, String> o) -> o.getValue().equals("delete")));
        assertThat(operations).hasSizeGreaterThan(30);
        int requests = 0;
        for (Map.Entry<String, String> operation : operations) {
            requests += hostileQueries(operation.getKey(), operation.getValue());
            requests += hostileBodies(operation.getKey(), operation.getValue());
            requests += nullsTheDocumentRefuses(operation.getKey(), operation.getValue());
        }
        assertThat(failures).as(failures.size() + " of " + requests + " requests").isEmpty();

        Workspace other = newWorkspace();
        Response created = http().post("/v1/customers").token(other.token())
                .json(Map.of("name", "Still served", "email_domain", "served.com")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Response read = http().get("/v1/customers/" + created.json().path("id").asText()).token(other.token()).send();
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("name").asText()).isEqualTo("Still served");
    }

    /** Real ids of the caller's own resources, by the collection that names them in a path. */
    private Map<String, String> ownResources() {
        String customer = create("/v1/customers", Map.of("name", "Acme", "email_domain", "acme.com"));
        return Map.of(
                "customers", customer,
                "contacts", create("/v1/customers/" + customer + "/contacts", Map.of("name", "Ann", "email", "ann@acme.com")),
                "tasks", create("/v1/tasks", Map.of("customer_id", customer, "title", "Call")),
                "playbooks", create("/v1/playbooks", Map.of("name", "P", "trigger", Map.of("type", "event",
                        "event_type", "customer.created"), "actions", List.of(Map.of("type", "set_custom_field",
                        "key", "k", "value", 1)), "enabled", false)),
                "users", create("/v1/users", Map.of("email", "csm@acme.com", "role", "csm", "locale", "en",
                        "timezone", "UTC")),
                "api-keys", create("/v1/api-keys", Map.of("name", "k", "role", "viewer", "scopes", List.of("customers:read"))),
                "integrations", "slack");
    }

    private String create(String path, Object body) {
        Response created = http().post(path).token(ws.token()).json(body).send();
        assertThat(created.status()).as(path + " " + created).isEqualTo(201);
        return created.json().path("id").asText();
    }

    /** The path with its parameters filled with the caller's own ids (or a well-formed id of nothing). */
    private String concrete(String template) {
        Matcher m = PATH_PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] before = template.substring(0, m.start()).split("/");
            String collection = before[before.length - 1];
            m.appendReplacement(out, ids.getOrDefault(collection, "zzz_01JD3000000000000000000000"));
        }
        return m.appendTail(out).toString();
    }

    private HttpClientSupport.Call call(String method, String path) {
        HttpClientSupport.Call call = switch (method) {
            case "get" -> http().get(path);
            case "post" -> http().post(path);
            case "patch" -> http().patch(path);
            case "put" -> http().put(path);
            default -> http().delete(path);
        };
        boolean operatorOnly = path.startsWith("/v1/workspaces") || path.startsWith("/v1/admin/dead-letters");
        return call.token(operatorOnly ? OPERATOR_TOKEN : ws.token());
    }

    private int hostileQueries(String template, String method) {
        List<String> names = new ArrayList<>();
        parameters(template, method).forEach(p -> {
            if ("query".equals(p.path("in").asText())) {
                names.add(p.path("name").asText());
            }
        });
        if (names.isEmpty()) {
            names.add("undeclared"); // the rule holds for any parameter
        }
        int sent = 0;
        for (String name : names) {
            for (String value : UNSTORABLE_QUERY_VALUES) {
                expectRefused(method, template + "?" + name + "=" + value, query(template, method, name, value), name);
                sent++;
            }
            for (String value : ODD_QUERY_VALUES) {
                expectNo5xx(method, template + "?" + name + "=" + value, query(template, method, name, value));
                sent++;
            }
        }
        return sent;
    }

    private Response query(String template, String method, String name, String value) {
        return call(method, concrete(template) + "?" + name + "=" + value).send();
    }

    private List<JsonNode> parameters(String template, String method) {
        List<JsonNode> all = new ArrayList<>();
        spec.path("paths").path(template).path("parameters").forEach(all::add);
        spec.path("paths").path(template).path(method).path("parameters").forEach(p -> all.add(resolve(p)));
        return all;
    }

    private int hostileBodies(String template, String method) {
        JsonNode schema = resolve(spec.path("paths").path(template).path(method).path("requestBody").path("content")
                .path("application/json").path("schema"));
        if (schema.isMissingNode()) {
            return 0;
        }
        List<Case> cases = new ArrayList<>();
        cases(schema, "", cases, 0);
        boolean batch = template.equals("/v1/events") && method.equals("post");
        for (Case c : cases) {
            boolean item = batch && c.path().startsWith(PER_ITEM);
            String inItem = item ? c.path().substring(PER_ITEM.length()).replaceFirst("^\\.", "") : null;
            JsonNode body = !item ? embed(NODES.objectNode(), c.path(), c.value())
                    : inItem.isEmpty() ? embed(PER_ITEM, c.value()) : embed(PER_ITEM, embed(validEvent(), inItem, c.value()));
            // Jackson writes a lone surrogate as is, which UTF-8 cannot encode: the client sends it escaped
            Response response = call(method, concrete(template)).json(body.toString().replace("\ud800", "\\ud800")).send();
            String what = template + " " + body;
            boolean row = template.equals("/v1/customers/bulk-import") && c.path().startsWith(PER_ROW + ".")
                    && !unstorable(c.value()) && !c.path().contains("\u0000");
            if (!c.hygiene()) {
                expectNo5xx(method, what, response);
            } else if (row) {
                expectRowRejected(what, response, c.path().substring(PER_ROW.length() + 1));
            } else if (item) {
                expectItemRejected(what, response, inItem);
            } else {
                expectRefused(method, what, response, c.path());
            }
        }
        return cases.size();
    }

    /**
     * The operation's own example with one member the document does not call {@code nullable} sent as null: never
     * accepted (the example is otherwise a body the server takes, so a null read as absent would be a 2xx).
     */
    private int nullsTheDocumentRefuses(String template, String method) {
        JsonNode schema = resolve(spec.path("paths").path(template).path(method).path("requestBody").path("content")
                .path("application/json").path("schema"));
        if (!schema.path("example").isObject()) {
            return 0;
        }
        int sent = 0;
        for (Map.Entry<String, JsonNode> member : schema.path("properties").properties()) {
            if (resolve(member.getValue()).path("nullable").asBoolean(false)) {
                continue;
            }
            ObjectNode body = ((ObjectNode) schema.path("example")).deepCopy();
            body.putNull(member.getKey());
            Response response = call(method, concrete(template)).json(body.toString()).send();
            if (response.status() < 300) {
                fail(method.toUpperCase() + " " + template + " " + body + " -> null accepted: " + response);
            } else {
                expectNo5xx(method, template + " " + body, response);
            }
            sent++;
        }
        return sent;
    }

    /** The hostile values for the value at {@code path} of that schema, and those of what it holds. */
    private void cases(JsonNode schema, String path, List<Case> cases, int depth) {
        schema = resolve(schema);
        if (depth > 4) {
            return;
        }
        if (schema.path("anyOf").findValue("$ref") != null) {
            // the schemas it may be (the IncomingEvent of a batch's item): each is spoiled at this path
            for (JsonNode alternative : schema.path("anyOf")) {
                if (alternative.has("$ref")) {
                    cases(alternative, path, cases, depth);
                }
            }
            return;
        }
        if (!path.isEmpty()) {
            cases.add(new Case(path, NODES.textNode("a\u0000b"), true));
            cases.add(new Case(path, NODES.textNode("a\ud800"), true));
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        String format = schema.path("format").asText("");
        boolean typed = !path.isEmpty();
        switch (type) {
            case "string" -> {
                cases.add(new Case(path, NODES.numberNode(123), typed));
                cases.add(new Case(path, NODES.booleanNode(true), typed));
                if (format.equals("date")) {
                    cases.add(new Case(path, NODES.numberNode(99999999999L), true));
                    cases.add(new Case(path, NODES.textNode("0000-01-01"), true));
                    cases.add(new Case(path, NODES.textNode("+10000-01-01"), true));
                } else if (format.equals("date-time")) {
                    cases.add(new Case(path, NODES.numberNode(1700000000), true));
                    cases.add(new Case(path, NODES.textNode("0000-01-01T00:00:00Z"), true));
                    cases.add(new Case(path, NODES.textNode("+10000-01-01T00:00:00Z"), true));
                }
            }
            case "integer", "number" -> {
                cases.add(new Case(path, NODES.textNode("100"), typed));
                if (type.equals("integer")) {
                    cases.add(new Case(path, NODES.numberNode(1.5), typed));
                }
                cases.add(new Case(path, NODES.numberNode(new java.math.BigInteger("99999999999999999999")), false));
                cases.add(new Case(path, NODES.numberNode(new java.math.BigDecimal("1e400")), false));
                cases.add(new Case(path, NODES.numberNode(new java.math.BigDecimal("-1e-400")), false));
            }
            case "boolean" -> {
                cases.add(new Case(path, NODES.textNode("true"), typed));
                cases.add(new Case(path, NODES.numberNode(1), typed));
            }
            case "array" -> {
                cases.add(new Case(path, NODES.textNode("x"), typed));
                cases(schema.path("items"), path + "[0]", cases, depth + 1);
            }
            case "object" -> {
                if (typed && schema.has("properties")) {
                    cases.add(new Case(path, NODES.textNode("x"), true));
                }
                schema.path("properties").properties().forEach(p ->
                        cases(p.getValue(), (path.isEmpty() ? "" : path + ".") + p.getKey(), cases, depth + 1));
                JsonNode values = schema.path("additionalProperties");
                if (values.isObject() || values.asBoolean(false)) {
                    String map = path.isEmpty() ? "" : path + ".";
                    cases.add(new Case(map + "k\u0000", NODES.numberNode(1), true));
                    cases(values.isObject() ? values : NODES.objectNode(), map + "k", cases, depth + 1);
                }
            }
            default -> {
                // any JSON value: only the text rules apply
            }
        }
    }

    /** An event every member of which is right, for the corpus to spoil one. */
    private ObjectNode validEvent() {
        return NODES.objectNode().put("type", "login").put("customer_id", ids.get("customers"))
                .put("timestamp", clock.instant().toString());
    }

    /** {@code value} placed at {@code path} ({@code a.b[0].c}) of {@code into} (a copy). */
    private static JsonNode embed(ObjectNode into, String path, JsonNode value) {
        JsonNode nested = embed(path, value);
        ObjectNode merged = into.deepCopy();
        merged.setAll((ObjectNode) nested);
        return merged;
    }

    /** {@code value} placed at {@code path} ({@code a.b[0].c}) of an otherwise empty body. */
    private static JsonNode embed(String path, JsonNode value) {
        List<String> segments = new ArrayList<>();
        Matcher m = Pattern.compile("([^.\\[]+)|\\[(\\d+)]").matcher(path);
        while (m.find()) {
            segments.add(m.group(1) != null ? m.group(1) : "[" + m.group(2) + "]");
        }
        JsonNode node = value;
        for (int i = segments.size() - 1; i >= 0; i--) {
            String segment = segments.get(i);
            if (segment.startsWith("[")) {
                ArrayNode array = NODES.arrayNode();
                array.add(node);
                node = array;
            } else {
                ObjectNode object = NODES.objectNode();
                object.set(segment, node);
                node = object;
            }
        }
        return node;
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        JsonNode target = spec;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    private void fail(String failure) {
        StringBuilder printable = new StringBuilder();
        failure.chars().forEach(c -> printable.append(c == 0 || Character.isSurrogate((char) c)
                ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        failures.add(printable.toString());
    }

    private void expectNo5xx(String method, String what, Response response) {
        if (response.status() >= 500) {
            fail(method.toUpperCase() + " " + what + " -> " + response);
        } else if (response.status() >= 400 && !"application/problem+json".equals(response.contentType())) {
            fail(method.toUpperCase() + " " + what + " -> not problem+json: " + response);
        }
    }

    private void expectRefused(String method, String what, Response response, String field) {
        String expected = field.replace("\u0000", "\\u0000").replace("\ud800", "\\uD800");
        JsonNode errors = response.status() == 400 ? response.json().path("errors") : null;
        boolean named = errors != null && "application/problem+json".equals(response.contentType()) && errors.size() >= 1
                && errors.get(0).path("field").asText().equals(expected);
        if (!named) {
            fail(method.toUpperCase() + " " + what + " -> expected 400 naming " + expected + ", got " + response);
        }
    }

    private static boolean unstorable(JsonNode value) {
        return value.isTextual() && (value.asText().contains("\u0000") || value.asText().contains("\ud800"));
    }

    /** The import is accepted, and its job reports row 0 failed, naming the field. */
    private void expectRowRejected(String what, Response response, String field) {
        if (response.status() != 202) {
            fail(what + " -> expected 202 and the row failed in the job, got " + response);
            return;
        }
        String job = "/v1/jobs/" + response.json().path("job_id").asText();
        JsonNode errors = null;
        for (int attempt = 0; attempt < 300 && errors == null; attempt++) {
            JsonNode answer = http().get(job).token(ws.token()).send().json();
            if (answer.path("status").asText().equals("completed")) {
                errors = answer.path("errors");
            } else {
                sleep(100);
            }
        }
        boolean rejected = errors != null && errors.size() >= 1 && errors.get(0).path("row").asInt() == 0
                && errors.get(0).path("field").asText().equals(field);
        if (!rejected) {
            fail(what + " -> expected row 0 failed naming " + field + ", got " + errors);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void expectItemRejected(String what, Response response, String field) {
        JsonNode errors = response.status() == 202 ? response.json().path("errors") : null;
        boolean rejected = errors != null && errors.size() == 1 && errors.get(0).path("index").asInt() == 0
                && errors.get(0).path("message").asText().startsWith(field.replace("\u0000", "\\u0000"));
        if (!rejected) {
            fail(what + " -> expected the event rejected naming " + field + ", got " + response);
        }
    }
}
