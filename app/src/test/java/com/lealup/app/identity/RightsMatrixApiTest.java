package com.lealup.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Call;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The rights table of docs/identity.md over the endpoints that exist: every role (with every scope, so the
 * role alone decides) against an operation of each row, then scopes narrowing an admin. Allowed is anything but 403
 * (a 404 for an id that does not exist, a 400 for an empty body: both come after the rights are checked).
 */
class RightsMatrixApiTest extends ApiTest {

    private static final Set<String> EVERYONE = Set.of("admin", "manager", "csm", "viewer");
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final String CUSTOMER = "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String JOB = "job_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String SEGMENT = "seg_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String CONTACT = "con_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String TASK = "tsk_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String PLAYBOOK = "pbk_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String USER = "usr_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String KEY = "key_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String TERRITORY = "ter_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final String WEBHOOK = "whk_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
    private static final Set<String> CUSTOMER_WRITERS = Set.of("admin", "manager", "csm");
    private static final Set<String> MANAGERS = Set.of("admin", "manager");
    private static final Set<String> ADMIN = Set.of("admin");

    /** An operation and the roles that may run it. */
    private record Operation(String name, Set<String> roles, BiFunction<RightsMatrixApiTest, String, Call> call) {
    }

    private final List<Operation> operations = List.of(
            new Operation("GET /v1/customers", EVERYONE, (t, token) -> t.http().get("/v1/customers").token(token)),
            new Operation("POST /v1/customers", Set.of("admin", "manager", "csm"), (t, token) -> t.http()
                    .post("/v1/customers").token(token)
                    .json(Map.of("name", "Acme", "email_domain", "acme" + UNIQUE.incrementAndGet() + ".com", "arr", 1))),
            new Operation("GET /v1/segments", EVERYONE, (t, token) -> t.http().get("/v1/segments").token(token)),
            new Operation("GET /v1/segments/{id}", EVERYONE, (t, token) -> t.http().get("/v1/segments/" + SEGMENT)
                    .token(token)),
            new Operation("POST /v1/segments", Set.of("admin", "manager", "csm"), (t, token) -> t.http()
                    .post("/v1/segments").token(token).json(Map.of("name", "Segment " + UNIQUE.incrementAndGet()))),
            new Operation("GET /v1/territories", EVERYONE, (t, token) -> t.http().get("/v1/territories").token(token)),
            new Operation("POST /v1/territories", Set.of("admin", "manager"), (t, token) -> t.http()
                    .post("/v1/territories").token(token).json(Map.of("name", "Territory " + UNIQUE.incrementAndGet()))),
            new Operation("GET /v1/users/me", EVERYONE, (t, token) -> t.http().get("/v1/users/me").token(token)),
            new Operation("GET /v1/users", Set.of("admin"), (t, token) -> t.http().get("/v1/users").token(token)),
            new Operation("POST /v1/users", Set.of("admin"), (t, token) -> t.http().post("/v1/users").token(token)
                    .json(Map.of("email", "u" + UNIQUE.incrementAndGet() + "@x.com", "role", "viewer", "locale", "en",
                            "timezone", "UTC"))),
            new Operation("GET /v1/api-keys", Set.of("admin"), (t, token) -> t.http().get("/v1/api-keys").token(token)),
            new Operation("POST /v1/api-keys", Set.of("admin"), (t, token) -> t.http().post("/v1/api-keys").token(token)
                    .json(Map.of("name", "k", "role", "viewer", "scopes", List.of("customers:read")))),
            // the other areas: ids that do not exist (404) and empty bodies (400) once the rights are checked
            new Operation("GET /v1/jobs/{id}", EVERYONE, (t, token) -> t.http().get("/v1/jobs/" + JOB).token(token)),
            new Operation("GET /v1/customers/{id}/health", EVERYONE, (t, token) -> t.http()
                    .get("/v1/customers/" + CUSTOMER + "/health").token(token)),
            new Operation("POST /v1/customers/{id}/health/recalculate", Set.of("admin", "manager"), (t, token) -> t.http()
                    .post("/v1/customers/" + CUSTOMER + "/health/recalculate").token(token)),
            new Operation("GET /v1/health/model", EVERYONE, (t, token) -> t.http().get("/v1/health/model").token(token)),
            new Operation("PATCH /v1/health/model", Set.of("admin"), (t, token) -> t.http().patch("/v1/health/model")
                    .token(token).json(Map.of())),
            new Operation("GET /v1/events", EVERYONE, (t, token) -> t.http().get("/v1/events").token(token)),
            new Operation("POST /v1/events", Set.of("admin", "manager", "csm"), (t, token) -> t.http().post("/v1/events")
                    .token(token).json(Map.of())),
            new Operation("GET /v1/playbooks", EVERYONE, (t, token) -> t.http().get("/v1/playbooks").token(token)),
            new Operation("POST /v1/playbooks", Set.of("admin", "manager"), (t, token) -> t.http().post("/v1/playbooks")
                    .token(token).json(Map.of())),
            new Operation("GET /v1/tasks", EVERYONE, (t, token) -> t.http().get("/v1/tasks").token(token)),
            new Operation("POST /v1/tasks", Set.of("admin", "manager", "csm"), (t, token) -> t.http().post("/v1/tasks")
                    .token(token).json(Map.of())),
            new Operation("GET /v1/analytics/portfolio", EVERYONE, (t, token) -> t.http().get("/v1/analytics/portfolio")
                    .token(token)),
            new Operation("GET /v1/webhook-subscriptions", EVERYONE, (t, token) -> t.http().get("/v1/webhook-subscriptions")
                    .token(token)),
            new Operation("POST /v1/webhook-subscriptions", Set.of("admin", "manager"), (t, token) -> t.http()
                    .post("/v1/webhook-subscriptions").token(token).json(Map.of())),
            new Operation("GET /v1/integrations", EVERYONE, (t, token) -> t.http().get("/v1/integrations").token(token)),
            new Operation("DELETE /v1/integrations/{name}", Set.of("admin", "manager"), (t, token) -> t.http()
                    .delete("/v1/integrations/nonesuch").token(token)),
            new Operation("GET /v1/integrations/notification-signing-secret", Set.of("admin"), (t, token) -> t.http()
                    .get("/v1/integrations/notification-signing-secret").token(token)),
            new Operation("GET /v1/admin/projections", Set.of("admin"), (t, token) -> t.http().get("/v1/admin/projections")
                    .token(token)),
            new Operation("GET /v1/admin/dead-letters", Set.of(), (t, token) -> t.http().get("/v1/admin/dead-letters")
                    .token(token)),
            // every other operation, by the same table: ids of nothing (404) and empty bodies (400) past the rights
            get("GET /v1/customers/{id}", EVERYONE, "/v1/customers/" + CUSTOMER),
            write("PATCH /v1/customers/{id}", CUSTOMER_WRITERS, "PATCH", "/v1/customers/" + CUSTOMER),
            write("DELETE /v1/customers/{id}", CUSTOMER_WRITERS, "DELETE", "/v1/customers/" + CUSTOMER),
            write("DELETE /v1/customers/{id}?hard=true", ADMIN, "DELETE", "/v1/customers/" + CUSTOMER + "?hard=true"),
            get("GET /v1/customers/trash", EVERYONE, "/v1/customers/trash"),
            write("POST /v1/customers/{id}/restore", CUSTOMER_WRITERS, "POST", "/v1/customers/" + CUSTOMER + "/restore"),
            get("GET /v1/customers/{id}/history", EVERYONE, "/v1/customers/" + CUSTOMER + "/history"),
            write("POST /v1/customers/bulk-import", CUSTOMER_WRITERS, "POST", "/v1/customers/bulk-import"),
            get("GET /v1/customers/{id}/contacts", EVERYONE, "/v1/customers/" + CUSTOMER + "/contacts"),
            write("POST /v1/customers/{id}/contacts", CUSTOMER_WRITERS, "POST", "/v1/customers/" + CUSTOMER + "/contacts"),
            get("GET /v1/customers/{id}/contacts/{contact_id}", EVERYONE,
                    "/v1/customers/" + CUSTOMER + "/contacts/" + CONTACT),
            write("PATCH /v1/customers/{id}/contacts/{contact_id}", CUSTOMER_WRITERS, "PATCH",
                    "/v1/customers/" + CUSTOMER + "/contacts/" + CONTACT),
            write("DELETE /v1/customers/{id}/contacts/{contact_id}", CUSTOMER_WRITERS, "DELETE",
                    "/v1/customers/" + CUSTOMER + "/contacts/" + CONTACT),
            get("GET /v1/customers/{id}/health/history", EVERYONE, "/v1/customers/" + CUSTOMER + "/health/history"),
            get("GET /v1/customers/{id}/health/changes", EVERYONE, "/v1/customers/" + CUSTOMER + "/health/changes"),
            get("GET /v1/playbooks/{id}", EVERYONE, "/v1/playbooks/" + PLAYBOOK),
            get("GET /v1/playbooks/{id}/runs", EVERYONE, "/v1/playbooks/" + PLAYBOOK + "/runs"),
            write("PATCH /v1/playbooks/{id}", MANAGERS, "PATCH", "/v1/playbooks/" + PLAYBOOK),
            write("DELETE /v1/playbooks/{id}", MANAGERS, "DELETE", "/v1/playbooks/" + PLAYBOOK),
            get("GET /v1/tasks/{id}", EVERYONE, "/v1/tasks/" + TASK),
            write("PATCH /v1/tasks/{id}", CUSTOMER_WRITERS, "PATCH", "/v1/tasks/" + TASK),
            write("POST /v1/tasks/{id}/complete", CUSTOMER_WRITERS, "POST", "/v1/tasks/" + TASK + "/complete"),
            get("GET /v1/analytics/renewals", EVERYONE, "/v1/analytics/renewals"),
            get("GET /v1/analytics/cohorts", EVERYONE, "/v1/analytics/cohorts"),
            get("GET /v1/webhook-subscriptions/{id}", EVERYONE, "/v1/webhook-subscriptions/" + WEBHOOK),
            get("GET /v1/webhook-subscriptions/{id}/deliveries", EVERYONE,
                    "/v1/webhook-subscriptions/" + WEBHOOK + "/deliveries"),
            write("PATCH /v1/webhook-subscriptions/{id}", MANAGERS, "PATCH", "/v1/webhook-subscriptions/" + WEBHOOK),
            write("DELETE /v1/webhook-subscriptions/{id}", MANAGERS, "DELETE", "/v1/webhook-subscriptions/" + WEBHOOK),
            write("POST /v1/webhook-subscriptions/{id}/rotate-secret", MANAGERS, "POST",
                    "/v1/webhook-subscriptions/" + WEBHOOK + "/rotate-secret"),
            write("POST /v1/webhook-subscriptions/{id}/enable", MANAGERS, "POST",
                    "/v1/webhook-subscriptions/" + WEBHOOK + "/enable"),
            write("POST /v1/webhook-subscriptions/{id}/replay", MANAGERS, "POST",
                    "/v1/webhook-subscriptions/" + WEBHOOK + "/replay"),
            write("POST /v1/integrations/{name}/connect", MANAGERS, "POST", "/v1/integrations/nonesuch/connect"),
            get("GET /v1/admin/projections/{name}", ADMIN, "/v1/admin/projections/nonesuch"),
            write("POST /v1/admin/projections/{name}/replay", ADMIN, "POST", "/v1/admin/projections/nonesuch/replay"),
            write("POST /v1/admin/dead-letters/{group}/{sequence}/retry", Set.of(), "POST",
                    "/v1/admin/dead-letters/nonesuch/1/retry"),
            write("DELETE /v1/admin/dead-letters/{group}/{sequence}", Set.of(), "DELETE",
                    "/v1/admin/dead-letters/nonesuch/1"),
            write("POST /v1/workspaces", Set.of(), "POST", "/v1/workspaces"),
            get("GET /v1/users/{id}", ADMIN, "/v1/users/" + USER),
            write("PATCH /v1/users/{id}", ADMIN, "PATCH", "/v1/users/" + USER),
            write("PATCH /v1/users/{id}/role", ADMIN, "PATCH", "/v1/users/" + USER + "/role"),
            write("DELETE /v1/users/{id}", ADMIN, "DELETE", "/v1/users/" + USER),
            get("GET /v1/territories/{id}", EVERYONE, "/v1/territories/" + TERRITORY),
            get("GET /v1/api-keys/{id}", ADMIN, "/v1/api-keys/" + KEY),
            write("DELETE /v1/api-keys/{id}", ADMIN, "DELETE", "/v1/api-keys/" + KEY));

    private static Operation get(String name, Set<String> roles, String path) {
        return new Operation(name, roles, (t, token) -> t.http().get(path).token(token));
    }

    /** A write; a POST or PATCH with an empty object, which each refuses (400) or ignores once the rights allow it. */
    private static Operation write(String name, Set<String> roles, String method, String path) {
        return new Operation(name, roles, (t, token) -> switch (method) {
            case "DELETE" -> t.http().delete(path).token(token);
            case "PATCH" -> t.http().patch(path).token(token).json(Map.of());
            default -> t.http().post(path).token(token).json(Map.of());
        });
    }

    @Test
    void eachRoleMayDoWhatTheRightsTableSays() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : EVERYONE) {
            tokens.put(role, calls.key(role, List.of("admin:*"), null));
        }

        List<String> wrong = new ArrayList<>();
        tokens.forEach((role, token) -> operations.forEach(operation -> {
            Response response = operation.call().apply(this, token).send();
            boolean allowed = response.status() != 403;
            if (allowed != operation.roles().contains(role) || response.status() == 401 || response.status() >= 500) {
                wrong.add(role + " " + operation.name() + ": " + response);
            }
        }));

        assertThat(wrong).isEmpty();
    }

    @Test
    void scopesNarrowAnAdminAndAdminStarAllowsEverything() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String customersReader = calls.key("admin", List.of("customers:read"), null);
        String everything = calls.key("admin", List.of("admin:*"), null);

        assertThat(status("GET /v1/customers", customersReader)).isEqualTo(200);
        assertThat(status("POST /v1/customers", customersReader)).isEqualTo(403);
        assertThat(status("POST /v1/users", customersReader)).isEqualTo(403);
        assertThat(status("GET /v1/users", customersReader)).isEqualTo(403);
        assertThat(status("GET /v1/territories", customersReader)).isEqualTo(403);
        for (Operation operation : operations) {
            int status = status(operation.name(), everything);
            if (operation.roles().contains("admin")) {
                assertThat(status).as(operation.name()).isNotIn(401, 403).isLessThan(500);
            } else {
                assertThat(status).as(operation.name() + ": the operator's").isEqualTo(403);
            }
        }
    }

    private int status(String name, String token) {
        Operation operation = operations.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
        return operation.call().apply(this, token).send().status();
    }
}
