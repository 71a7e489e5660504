package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Another workspace's resource is 404 exactly as one that exists nowhere: same status, same problem, letter for
 * letter but the trace id and the id itself. Nothing tells a caller that an id exists elsewhere.
 */
class NotFoundAcrossWorkspacesApiTest extends ApiTest {

    private record Call(String method, String path, Object body) {
    }

    @Test
    void anotherWorkspacesResourceReadsExactlyAsOneThatExistsNowhere() {
        Workspace stranger = newWorkspace();
        Targets real = resourcesOf(newWorkspace());
        Targets nowhere = new Targets(next(Ids.CUSTOMER), next(Ids.CONTACT), next(Ids.TASK), next(Ids.PLAYBOOK),
                next(Ids.USER), next(Ids.API_KEY));

        assertSameNotFound(stranger, real, nowhere);
    }

    @Test
    void anIdOfAnotherKindReadsAsOneThatExistsNowhere() {
        Workspace owner = newWorkspace();
        Targets own = resourcesOf(owner);
        // each path gets the id of a resource of another kind, of the caller's own workspace
        Targets crossed = new Targets(own.task(), own.playbook(), own.customer(), own.user(), own.key(), own.contact());
        Targets nowhere = new Targets(next(Ids.TASK), next(Ids.PLAYBOOK), next(Ids.CUSTOMER), next(Ids.USER),
                next(Ids.API_KEY), next(Ids.CONTACT));

        assertSameNotFound(owner, crossed, nowhere);
    }

    private void assertSameNotFound(Workspace caller, Targets existing, Targets nowhere) {
        for (Call call : calls()) {
            Response elsewhere = send(caller, call, existing);
            Response missing = send(caller, call, nowhere);

            String what = call.method() + " " + call.path();
            assertThat(elsewhere.status()).as(what + " " + elsewhere).isEqualTo(404);
            assertThat(missing.status()).as(what + " " + missing).isEqualTo(404);
            assertThat(comparable(elsewhere, existing)).as(what).isEqualTo(comparable(missing, nowhere));
        }
    }

    private Targets resourcesOf(Workspace owner) {
        String customer = created(owner, "/v1/customers", Map.of("name", "Acme", "email_domain", "acme.com"));
        return new Targets(customer,
                created(owner, "/v1/customers/" + customer + "/contacts", Map.of("name", "Ana", "email", "ana@acme.com")),
                created(owner, "/v1/tasks", Map.of("customer_id", customer, "title", "Call", "due_date", "2027-01-15",
                        "priority", "high")),
                created(owner, "/v1/playbooks", Map.of("name", "Risky", "trigger", Map.of("type", "condition",
                                "expression", "health_score < 60"),
                        "actions", List.of(Map.of("type", "create_task", "title", "Look", "assignee", "owner")))),
                created(owner, "/v1/users", Map.of("email", "bo@acme.com", "role", "csm", "locale", "es",
                        "timezone", "Europe/Madrid", "initial_territory_ids", List.of())),
                created(owner, "/v1/api-keys", Map.of("name", "Key", "role", "viewer", "scopes", List.of("customers:read"))));
    }

    private static List<Call> calls() {
        return List.of(
                new Call("GET", "/v1/customers/{customer}", null),
                new Call("GET", "/v1/customers/{customer}?as_of=2099-01-01T00:00:00Z", null),
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
                new Call("DELETE", "/v1/api-keys/{key}", null));
    }

    private record Targets(String customer, String contact, String task, String playbook, String user, String key) {

        String fill(String template) {
            return template.replace("{customer}", customer).replace("{contact}", contact).replace("{task}", task)
                    .replace("{playbook}", playbook).replace("{user}", user).replace("{key}", key);
        }

        /** The inverse of {@link #fill}: the ids in a body back to their placeholders. */
        String blank(String text) {
            return text.replace(customer, "{customer}").replace(contact, "{contact}").replace(task, "{task}")
                    .replace(playbook, "{playbook}").replace(user, "{user}").replace(key, "{key}");
        }
    }

    private Response send(Workspace caller, Call call, Targets ids) {
        var request = switch (call.method()) {
            case "GET" -> http().get(ids.fill(call.path()));
            case "PATCH" -> http().patch(ids.fill(call.path()));
            case "DELETE" -> http().delete(ids.fill(call.path()));
            default -> http().post(ids.fill(call.path()));
        };
        request.token(caller.token());
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

    private static String next(String prefix) {
        return Ids.next(prefix);
    }
}
