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
 * role alone decides) against every operation, then scopes narrowing an admin.
 */
class RightsMatrixApiTest extends ApiTest {

    private static final Set<String> EVERYONE = Set.of("admin", "manager", "csm", "viewer");
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    /** An operation and the roles that may run it. */
    private record Operation(String name, Set<String> roles, BiFunction<RightsMatrixApiTest, String, Call> call) {
    }

    private final List<Operation> operations = List.of(
            new Operation("GET /v1/customers", EVERYONE, (t, token) -> t.http().get("/v1/customers").token(token)),
            new Operation("POST /v1/customers", Set.of("admin", "manager", "csm"), (t, token) -> t.http()
                    .post("/v1/customers").token(token)
                    .json(Map.of("name", "Acme", "email_domain", "acme" + UNIQUE.incrementAndGet() + ".com", "arr", 1))),
            new Operation("GET /v1/segments", EVERYONE, (t, token) -> t.http().get("/v1/segments").token(token)),
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
                    .json(Map.of("name", "k", "role", "viewer", "scopes", List.of("customers:read")))));

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
            boolean allowed = response.status() / 100 == 2;
            if (allowed != operation.roles().contains(role) || (!allowed && response.status() != 403)) {
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
            assertThat(status(operation.name(), everything)).as(operation.name()).isBetween(200, 299);
        }
    }

    private int status(String name, String token) {
        Operation operation = operations.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
        return operation.call().apply(this, token).send().status();
    }
}
