package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Another workspace's resource is 404 exactly as one that exists nowhere: same status, same problem, letter for
 * letter but the trace id and the id itself. Nothing tells a caller that an id exists elsewhere.
 */
class NotFoundAcrossWorkspacesApiTest extends ApiTest {

    /** A replay from a minute ago: a valid body, so that only the subscription's id decides. */
    private static final String SINCE = Instant.now().minusSeconds(60).toString();

    /** A replay from further back than a subscription keeps (422 on one's own): the id must decide first. */
    private static final String TOO_FAR_BACK = Instant.now().minus(java.time.Duration.ofDays(60)).toString();
    /** A version the resources of these tests are past or not at: 412 on one's own, 404 on another's. */
    private static final Map<String, String> STALE = Map.of("If-Match", "\"1000\"");

    private record Call(String method, String path, Object body, Map<String, String> headers) {

        Call(String method, String path, Object body) {
            this(method, path, body, Map.of());
        }
    }

    @Test
    void anotherWorkspacesResourceReadsExactlyAsOneThatExistsNowhere() {
        Workspace stranger = newWorkspace();
        Targets real = resourcesOf(newWorkspace());

        assertSameNotFound(stranger, real, Targets.nowhere());
    }

    @Test
    void anIdOfAnotherKindReadsAsOneThatExistsNowhere() {
        Workspace owner = newWorkspace();
        Targets own = resourcesOf(owner);

        // each path gets the id of a resource of another kind, of the caller's own workspace, and the same kind's id
        // of nothing (an id of another kind is named as the path's resource, and not "as of": by its prefix alone)
        assertSameNotFound(owner, own.crossed(), Targets.nowhere().crossed());
    }

    private void assertSameNotFound(Workspace caller, Targets existing, Targets nowhere) {
        // {now}: a time the resources existed at that is not in the future (400), the same in both calls' echo
        String now = clock.instant().toString();
        for (Call call : calls()) {
            Response elsewhere = send(caller, call, existing, now);
            Response missing = send(caller, call, nowhere, now);

            String what = call.method() + " " + call.path();
            assertThat(elsewhere.status()).as(what + " " + elsewhere).isEqualTo(404);
            assertThat(missing.status()).as(what + " " + missing).isEqualTo(404);
            assertThat(comparable(elsewhere, existing)).as(what).isEqualTo(comparable(missing, nowhere));
        }
    }

    private Targets resourcesOf(Workspace owner) {
        Map<String, String> ids = new LinkedHashMap<>();
        String customer = created(owner, "/v1/customers", Map.of("name", "Acme", "email_domain", "acme.com"));
        ids.put("customer", customer);
        ids.put("contact", created(owner, "/v1/customers/" + customer + "/contacts",
                Map.of("name", "Ana", "email", "ana@acme.com")));
        ids.put("task", created(owner, "/v1/tasks", Map.of("customer_id", customer, "title", "Call",
                "due_date", "2027-01-15", "priority", "high")));
        ids.put("playbook", created(owner, "/v1/playbooks", Map.of("name", "Risky", "trigger", Map.of("type", "condition",
                        "expression", "health_score < 60"),
                "actions", List.of(Map.of("type", "create_task", "title", "Look", "assignee", "owner")))));
        ids.put("user", created(owner, "/v1/users", Map.of("email", "bo@acme.com", "role", "csm", "locale", "es",
                "timezone", "Europe/Madrid", "initial_territory_ids", List.of())));
        ids.put("key", created(owner, "/v1/api-keys", Map.of("name", "Key", "role", "viewer",
                "scopes", List.of("customers:read"))));
        ids.put("segment", created(owner, "/v1/segments", Map.of("name", "Enterprise")));
        ids.put("territory", created(owner, "/v1/territories", Map.of("name", "EMEA")));
        ids.put("webhook", created(owner, "/v1/webhook-subscriptions", Map.of("url", "https://127.0.0.1/hook",
                "events", List.of("task.completed"))));
        Response job = http().post("/v1/customers/bulk-import").token(owner.token())
                .json(Map.of("customers", List.of(Map.of("name", "Globex", "email_domain", "globex.com")))).send();
        assertThat(job.status()).as(job.toString()).isEqualTo(202);
        ids.put("job", job.json().path("job_id").asText());
        return new Targets(ids);
    }

    private static List<Call> calls() {
        return List.of(
                new Call("GET", "/v1/customers/{customer}", null),
                new Call("GET", "/v1/customers/{customer}?as_of={now}", null),
                new Call("GET", "/v1/customers/{customer}/history", null),
                new Call("PATCH", "/v1/customers/{customer}", Map.of("name", "Mine")),
                new Call("DELETE", "/v1/customers/{customer}", null),
                new Call("POST", "/v1/customers/{customer}/restore", null),
                new Call("POST", "/v1/customers/{customer}/health/recalculate", null),
                new Call("GET", "/v1/customers/{customer}/health/changes", null),
                new Call("GET", "/v1/customers/{customer}/contacts", null),
                new Call("POST", "/v1/customers/{customer}/contacts", Map.of("name", "Eve", "email", "eve@x.com")),
                new Call("GET", "/v1/customers/{customer}/contacts/{contact}", null),
                new Call("PATCH", "/v1/customers/{customer}/contacts/{contact}", Map.of("title", "CEO")),
                new Call("DELETE", "/v1/customers/{customer}/contacts/{contact}", null),
                new Call("GET", "/v1/tasks/{task}", null),
                new Call("PATCH", "/v1/tasks/{task}", Map.of("title", "Mine")),
                new Call("POST", "/v1/tasks/{task}/complete", Map.of("outcome", "done")),
                new Call("GET", "/v1/playbooks/{playbook}", null),
                new Call("PATCH", "/v1/playbooks/{playbook}", Map.of("enabled", false)),
                new Call("DELETE", "/v1/playbooks/{playbook}", null),
                new Call("GET", "/v1/users/{user}", null),
                new Call("PATCH", "/v1/users/{user}/role", Map.of("role", "viewer")),
                new Call("DELETE", "/v1/users/{user}", null),
                new Call("GET", "/v1/customers/{customer}/health", null),
                new Call("GET", "/v1/customers/{customer}/health/history", null),
                new Call("GET", "/v1/playbooks/{playbook}/runs", null),
                new Call("GET", "/v1/api-keys/{key}", null),
                new Call("GET", "/v1/segments/{segment}", null),
                new Call("GET", "/v1/territories/{territory}", null),
                new Call("GET", "/v1/jobs/{job}", null),
                new Call("GET", "/v1/webhook-subscriptions/{webhook}", null),
                new Call("GET", "/v1/webhook-subscriptions/{webhook}/deliveries", null),
                new Call("POST", "/v1/webhook-subscriptions/{webhook}/rotate-secret", null),
                new Call("POST", "/v1/webhook-subscriptions/{webhook}/enable", null),
                new Call("POST", "/v1/webhook-subscriptions/{webhook}/replay", Map.of("since", SINCE)),
                new Call("DELETE", "/v1/webhook-subscriptions/{webhook}", null),
                new Call("DELETE", "/v1/api-keys/{key}", null),
                // requests that would be refused for the resource's state (409, 412, 422) were it the caller's: the
                // state of another workspace's resource is not for the caller to learn, so these are the same 404
                new Call("PATCH", "/v1/customers/{customer}", Map.of("name", "Mine"), STALE),
                new Call("PATCH", "/v1/customers/{customer}", Map.of("renewal_date", "2020-01-01")),
                new Call("POST", "/v1/customers/{customer}/contacts", Map.of("name", "Ana", "email", "ana@acme.com")),
                new Call("PATCH", "/v1/customers/{customer}/contacts/{contact}", Map.of("title", "CEO"), STALE),
                new Call("PATCH", "/v1/tasks/{task}", Map.of("title", "Mine"), STALE),
                new Call("PATCH", "/v1/playbooks/{playbook}", Map.of("enabled", false), STALE),
                new Call("PATCH", "/v1/users/{user}/role", Map.of("role", "viewer"), STALE),
                new Call("POST", "/v1/webhook-subscriptions/{webhook}/replay", Map.of("since", TOO_FAR_BACK)));
    }

    /** The id of each kind of resource, by its placeholder in the paths ({@code customer} for {@code {customer}}). */
    private record Targets(Map<String, String> ids) {

        private static final Map<String, String> PREFIXES = Map.of("customer", Ids.CUSTOMER, "contact", Ids.CONTACT,
                "task", Ids.TASK, "playbook", Ids.PLAYBOOK, "user", Ids.USER, "key", Ids.API_KEY, "segment", Ids.SEGMENT,
                "territory", Ids.TERRITORY, "webhook", Ids.WEBHOOK, "job", Ids.JOB);

        /** Well-formed ids of nothing, of each kind. */
        static Targets nowhere() {
            Map<String, String> ids = new LinkedHashMap<>();
            PREFIXES.forEach((kind, prefix) -> ids.put(kind, Ids.next(prefix)));
            return new Targets(ids);
        }

        /** Each kind given the id of the next kind: the paths address real resources, none of their own kind. */
        Targets crossed() {
            List<String> kinds = List.copyOf(ids.keySet());
            Map<String, String> crossed = new LinkedHashMap<>();
            for (int i = 0; i < kinds.size(); i++) {
                crossed.put(kinds.get(i), ids.get(kinds.get((i + 1) % kinds.size())));
            }
            return new Targets(crossed);
        }

        String fill(String template) {
            String filled = template;
            for (Map.Entry<String, String> id : ids.entrySet()) {
                filled = filled.replace("{" + id.getKey() + "}", id.getValue());
            }
            return filled;
        }

        /** The inverse of {@link #fill}: the ids in a body back to their placeholders. */
        String blank(String text) {
            String blanked = text;
            for (Map.Entry<String, String> id : ids.entrySet()) {
                blanked = blanked.replace(id.getValue(), "{" + id.getKey() + "}");
            }
            return blanked;
        }
    }

    private Response send(Workspace caller, Call call, Targets ids, String now) {
        String path = ids.fill(call.path()).replace("{now}", now);
        var request = switch (call.method()) {
            case "GET" -> http().get(path);
            case "PATCH" -> http().patch(path);
            case "DELETE" -> http().delete(path);
            default -> http().post(path);
        };
        request.token(caller.token());
        call.headers().forEach(request::header);
        return call.body() == null ? request.send() : request.json(call.body()).send();
    }

    /** The problem as text without its trace id, the ids put back to placeholders. */
    private static String comparable(Response response, Targets ids) {
        ObjectNode problem = (ObjectNode) response.json();
        assertThat(problem.remove("trace_id")).isNotNull();
        return ids.blank(problem.toString()) + " " + response.contentType();
    }

    private String created(Workspace workspace, String path, Object body) {
        Response response = http().post(path).token(workspace.token()).json(body).send();
        assertThat(response.status()).as(path + " " + response).isEqualTo(201);
        return response.json().path("id").asText();
    }

}
