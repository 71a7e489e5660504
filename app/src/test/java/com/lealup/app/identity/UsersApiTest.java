package com.lealup.app.identity;

import static com.lealup.app.identity.WorkspacesApiTest.texts;
import static com.lealup.app.support.Problems.assertFieldErrors;
import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsersApiTest extends ApiTest {

    @Test
    void anAdminInvitesAUser() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String territory = http().post("/v1/territories").token(workspace.token()).json(Map.of("name", "LATAM")).send()
                .json().path("id").asText();

        Response created = http().post("/v1/users").token(workspace.token()).json(Map.of("email", "Ana@LealUp.com",
                "role", "csm", "locale", "pt", "timezone", "America/Sao_Paulo", "initial_territory_ids", List.of(territory)))
                .send();

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode user = created.json();
        String id = user.path("id").asText();
        assertThat(id).startsWith("usr_");
        assertThat(created.header("Location")).isEqualTo("/v1/users/" + id);
        assertThat(user.path("status").asText()).isEqualTo("invited");
        assertThat(user.path("email").asText()).isEqualTo("ana@lealup.com");
        assertThat(user.path("tenant_id").asText()).isEqualTo(workspace.id());
        assertThat(user.path("locale").asText()).isEqualTo("pt");
        assertThat(user.path("timezone").asText()).isEqualTo("America/Sao_Paulo");
        assertThat(texts(user.path("territory_ids"))).containsExactly(territory);

        Response fetched = http().get("/v1/users/" + id).token(workspace.token()).send();
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
        assertThat(fetched.json().path("role").asText()).isEqualTo("csm");
        // an invited user can own customers at once
        Response customer = http().post("/v1/customers").token(workspace.token()).json(Map.of("name", "Acme",
                "email_domain", "acme.com", "arr", 1000, "owner_email", "ANA@lealup.com")).send();
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        assertThat(customer.json().path("owner_id").asText()).isEqualTo(id);
        assertThat(calls.invite("other@lealup.com", "viewer").status()).isEqualTo(201);
    }

    @Test
    void aDuplicateEmailIs409NamingTheExistingUser() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String existing = calls.user("ana@lealup.com", "csm");

        Response duplicate = calls.invite("ANA@lealup.com", "viewer");

        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.json().path("type").asText()).isEqualTo("https://api.lealup.com/errors/duplicate_email");
        assertThat(duplicate.json().path("existing_id").asText()).isEqualTo(existing);
        // one letter or a letter and its combining accent: the same address, composed as it is stored
        String composed = calls.user("jos\u00e9@lealup.com", "csm");
        Response decomposed = calls.invite("JOSE\u0301@lealup.com", "viewer");
        assertThat(decomposed.status()).as(decomposed.toString()).isEqualTo(409);
        assertThat(decomposed.json().path("existing_id").asText()).isEqualTo(composed);
        // emails are unique per workspace only
        assertThat(new IdentityCalls(http(), newWorkspace().token()).invite("ana@lealup.com", "csm").status()).isEqualTo(201);
    }

    @Test
    void aBodyWithSeveralBadFieldsNamesEveryOne() {
        String token = newWorkspace().token();
        JsonNode problem = assertFieldErrors(http().post("/v1/users").token(token)
                        .json(Map.of("email", "bad", "role", "x", "locale", "fr", "timezone", "EST")).send(),
                "email invalid_format", "role unknown_value", "locale unknown_value", "timezone invalid_format");
        assertThat(problem.path("detail").asText()).isEqualTo("4 fields are invalid: email, role, locale, timezone");
        // the territories are looked up only for a valid body
        assertFieldErrors(http().post("/v1/users").token(token).json(Map.of("email", "bad", "role", "csm",
                        "locale", "es", "timezone", "UTC", "initial_territory_ids", List.of("ter_01JD3ZZZZZZZZZZZZZZZZZZZZZ")))
                .send(), "email invalid_format");
    }

    @Test
    void badFieldsAre400AndUnknownTerritoriesAre422() {
        String token = newWorkspace().token();
        assertInvalid(invite(token, Map.of("locale", "fr")), "locale", "unknown_value");
        assertInvalid(invite(token, Map.of("timezone", "Mars/Olympus")), "timezone", "invalid_format");
        // the JDK's SystemV zones are no tz database names, nor are abbreviations
        assertInvalid(invite(token, Map.of("timezone", "SystemV/EST5")), "timezone", "invalid_format");
        assertInvalid(invite(token, Map.of("timezone", "EST")), "timezone", "invalid_format");
        Response eastern = invite(token, Map.of("email", "eve@x.com", "timezone", "America/New_York"));
        assertThat(eastern.status()).as(eastern.toString()).isEqualTo(201);
        assertThat(eastern.json().path("timezone").asText()).isEqualTo("America/New_York");
        assertInvalid(invite(token, Map.of("role", "owner")), "role", "unknown_value");
        assertInvalid(invite(token, Map.of("email", "nope")), "email", "invalid_format");
        assertInvalid(invite(token, Map.of("colour", "red")), "colour", "unknown_field");
        // none of the refused invites left a user behind: only eve, invited above, is there
        assertThat(http().get("/v1/users").token(token).send().json().path("data")).extracting(u -> u.path("email").asText())
                .containsExactly("eve@x.com");

        Response unknownTerritory = invite(token, Map.of("initial_territory_ids", List.of("ter_01JD3ZZZZZZZZZZZZZZZZZZZZZ")));
        assertProblem(unknownTerritory, 422, "unknown_territory");
        assertThat(unknownTerritory.json().path("errors").get(0).path("field").asText()).isEqualTo("initial_territory_ids");
        // another workspace's territory is unknown here
        String theirs = http().post("/v1/territories").token(newWorkspace().token()).json(Map.of("name", "EMEA")).send()
                .json().path("id").asText();
        assertProblem(invite(token, Map.of("initial_territory_ids", List.of(theirs))), 422, "unknown_territory");
        assertThat(http().post("/v1/users").token(token).rawBody("email=a", "text/plain").send().status()).isEqualTo(415);
    }

    @Test
    void theListIsForAdminsAndKeysetPaginated() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        List<String> invited = List.of(calls.user("a@x.com", "csm"), calls.user("b@x.com", "viewer"),
                calls.user("c@x.com", "manager"));

        Response first = http().get("/v1/users?limit=2").token(workspace.token()).send();
        Response second = http().get("/v1/users?limit=2&cursor=" + first.json().path("next_cursor").asText())
                .token(workspace.token()).send();

        assertThat(first.json().path("has_more").asBoolean()).isTrue();
        assertThat(second.json().path("has_more").asBoolean()).isFalse();
        List<String> all = new ArrayList<>(first.json().path("data").findValuesAsText("id"));
        all.addAll(second.json().path("data").findValuesAsText("id"));
        assertThat(all).containsExactlyElementsOf(invited);
        assertThat(http().get("/v1/users?limit=0").token(workspace.token()).send().status()).isEqualTo(400);
        // empty is no integer (the document's): absent is the default page
        assertThat(http().get("/v1/users?limit=").token(workspace.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/users?cursor=nonsense").token(workspace.token()).send().status()).isEqualTo(400);
        String manager = calls.key("manager", List.of("admin:*"), null);
        assertThat(http().get("/v1/users").token(manager).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/users/" + invited.get(0)).token(manager).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/users").send().status()).isEqualTo(401);
    }

    @Test
    void anotherWorkspacesUserIsNotFound() {
        String mine = newWorkspace().token();
        IdentityCalls theirs = new IdentityCalls(http(), newWorkspace().token());
        String theirUser = theirs.user("ana@x.com", "csm");

        assertNotFound(http().get("/v1/users/" + theirUser).token(mine).send());
        assertNotFound(new IdentityCalls(http(), mine).changeRole(theirUser, "viewer"));
        assertNotFound(http().delete("/v1/users/" + theirUser).token(mine).send());
        assertNotFound(http().get("/v1/users/usr_01JD3ZZZZZZZZZZZZZZZZZZZZZ").token(mine).send());
        assertNotFound(http().delete("/v1/users/nonsense").token(mine).send());
        assertThat(http().get("/v1/users/" + theirUser).token(theirs.token()).send().json().path("role").asText())
                .isEqualTo("csm");
    }

    @Test
    void roleChangesAndTheLastAdmin() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String ana = calls.user("ana@x.com", "admin");
        String bob = calls.user("bob@x.com", "csm");

        Response promoted = calls.changeRole(bob, "admin");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().path("role").asText()).isEqualTo("admin");
        assertThat(promoted.header("ETag")).isEqualTo("\"2\"");
        assertThat(calls.changeRole(ana, "manager").status()).isEqualTo(200);

        Response lastAdmin = calls.changeRole(bob, "viewer");
        assertThat(lastAdmin.status()).as(lastAdmin.toString()).isEqualTo(409);
        assertThat(lastAdmin.json().path("type").asText()).isEqualTo("https://api.lealup.com/errors/last_admin");
        Response lastAdminDeactivated = http().delete("/v1/users/" + bob).token(calls.token()).send();
        assertProblem(lastAdminDeactivated, 409, "last_admin");
        assertInvalid(calls.changeRole(bob, "owner"), "role", "unknown_value");
        assertThat(http().get("/v1/users/" + bob).token(calls.token()).send().json().path("role").asText()).isEqualTo("admin");
    }

    @Test
    void aRoleChangeWithIfMatchIsConditional() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String bob = calls.user("bob@x.com", "csm");
        String path = "/v1/users/" + bob + "/role";

        Response stale = http().patch(path).token(calls.token()).header("If-Match", "\"2\"")
                .json(Map.of("role", "manager")).send();
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.json().path("type").asText()).endsWith("/version_mismatch");
        assertThat(http().patch(path).token(calls.token()).header("If-Match", "W/1").json(Map.of("role", "manager"))
                .send().status()).isEqualTo(412);
        assertThat(http().get("/v1/users/" + bob).token(calls.token()).send().json().path("role").asText()).isEqualTo("csm");

        Response current = http().patch(path).token(calls.token()).header("If-Match", "\"1\"")
                .json(Map.of("role", "manager")).send();
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("\"2\"");
        assertThat(current.json().path("role").asText()).isEqualTo("manager");
    }

    @Test
    void concurrentDemotionsLeaveOneAdmin() throws Exception {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String ana = calls.user("ana@x.com", "admin");
        String bob = calls.user("bob@x.com", "admin");

        var demoteAna = java.util.concurrent.CompletableFuture.supplyAsync(() -> calls.changeRole(ana, "csm").status());
        var demoteBob = java.util.concurrent.CompletableFuture.supplyAsync(() -> calls.changeRole(bob, "csm").status());

        assertThat(List.of(demoteAna.get(), demoteBob.get())).containsExactlyInAnyOrder(200, 409);
    }

    @Test
    void deactivation() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String ana = calls.user("ana@x.com", "csm");

        Response deactivated = http().delete("/v1/users/" + ana).token(calls.token()).send();

        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(204);
        assertThat(http().get("/v1/users/" + ana).token(calls.token()).send().json().path("status").asText())
                .isEqualTo("deactivated");
        assertProblem(http().delete("/v1/users/" + ana).token(calls.token()).send(), 409, "user_deactivated");
        assertProblem(calls.changeRole(ana, "viewer"), 409, "user_deactivated");
        // a deactivated user takes no keys and owns no new customers; the email stays taken
        assertProblem(calls.createKey("csm", List.of("customers:read"), ana), 422, "unknown_user");
        assertProblem(calls.createKey("csm", List.of("customers:read"), "usr_01JD3ZZZZZZZZZZZZZZZZZZZZZ"), 422,
                "unknown_user");
        assertProblem(http().post("/v1/customers").token(calls.token()).json(Map.of("name", "Acme", "email_domain",
                "acme.com", "arr", 1, "owner_id", ana)).send(), 422, "unknown_owner");
        assertProblem(calls.invite("ana@x.com", "csm"), 409, "duplicate_email");
    }

    @Test
    void usersAndDeactivationNeedUsersWrite() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String ana = calls.user("ana@x.com", "csm");
        String readOnlyAdmin = calls.key("admin", List.of("users:read"), null);

        assertThat(new IdentityCalls(http(), readOnlyAdmin).invite("bob@x.com", "csm").status()).isEqualTo(403);
        assertThat(new IdentityCalls(http(), readOnlyAdmin).changeRole(ana, "viewer").status()).isEqualTo(403);
        assertThat(http().delete("/v1/users/" + ana).token(readOnlyAdmin).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/users/" + ana).token(readOnlyAdmin).send().status()).isEqualTo(200);
    }

    /**
     * A user's keys act in the user's role and fail with the user: an admin key narrowed to users:write neither takes
     * away nor gives effect to a key of the user with admin:* (as it could not revoke or issue one).
     */
    @Test
    void aKeyActsOnAUserOnlyWithEveryScopeOfTheUsersKeys() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String ana = calls.user("ana@x.com", "csm");
        calls.key("csm", List.of("admin:*"), ana);
        String narrow = calls.key("admin", List.of("users:read", "users:write"), null);
        IdentityCalls narrowCalls = new IdentityCalls(http(), narrow);

        assertProblem(narrowCalls.changeRole(ana, "admin"), 403, "forbidden");
        assertProblem(http().delete("/v1/users/" + ana).token(narrow).send(), 403, "forbidden");
        assertThat(http().get("/v1/users/" + ana).token(narrow).send().json().path("role").asText()).isEqualTo("csm");
        // a user whose keys it holds every scope of, it acts on
        String bob = calls.user("bob@x.com", "csm");
        calls.key("csm", List.of("users:read"), bob);
        assertThat(narrowCalls.changeRole(bob, "viewer").status()).isEqualTo(200);
        assertThat(http().delete("/v1/users/" + bob).token(narrow).send().status()).isEqualTo(204);
        // the full admin key acts on both
        assertThat(calls.changeRole(ana, "viewer").status()).isEqualTo(200);
    }

    @Test
    void meDescribesTheCallingKeyOrUser() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());

        JsonNode admin = http().get("/v1/users/me").token(workspace.token()).send().json();
        assertThat(admin.path("type").asText()).isEqualTo("api_key");
        assertThat(admin.path("id").asText()).startsWith("key_");
        assertThat(admin.path("role").asText()).isEqualTo("admin");
        assertThat(admin.path("workspace").path("id").asText()).isEqualTo(workspace.id());
        assertThat(admin.path("workspace").path("tier").asText()).isEqualTo("growth");
        assertThat(admin.path("workspace").path("name").asText()).startsWith("Workspace ");
        assertThat(texts(admin.path("scopes"))).contains("admin:*", "users:write");

        String ana = calls.user("ana@x.com", "viewer");
        String anasKey = calls.key("admin", List.of("customers:read", "customers:write"), ana);
        Response me = http().get("/v1/users/me").token(anasKey).send();
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("type").asText()).isEqualTo("user");
        assertThat(me.json().path("id").asText()).isEqualTo(ana);
        assertThat(me.json().path("email").asText()).isEqualTo("ana@x.com");
        assertThat(me.json().path("role").asText()).isEqualTo("viewer");
        assertThat(texts(me.json().path("scopes"))).containsExactly("customers:read");
        assertThat(http().get("/v1/users/me").send().status()).isEqualTo(401);
    }

    @Test
    void anAdminChangesAUsersLocaleTimezoneAndTerritories() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String latam = territory(workspace.token(), "LATAM");
        String emea = territory(workspace.token(), "EMEA");
        String ana = calls.user("ana@x.com", "csm");

        Response changed = calls.update(ana, Map.of("locale", "pt", "timezone", "America/Sao_Paulo",
                "territory_ids", List.of(latam, emea, latam)));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
        assertThat(changed.json().path("locale").asText()).isEqualTo("pt");
        assertThat(changed.json().path("timezone").asText()).isEqualTo("America/Sao_Paulo");
        assertThat(texts(changed.json().path("territory_ids"))).containsExactly(latam, emea);
        assertThat(changed.json().path("version").asLong()).isEqualTo(2);
        Response fetched = http().get("/v1/users/" + ana).token(workspace.token()).send();
        assertThat(fetched.header("ETag")).isEqualTo("\"2\"");
        assertThat(fetched.json().path("locale").asText()).isEqualTo("pt");
        assertThat(fetched.json().path("role").asText()).isEqualTo("csm");
        assertThat(fetched.json().path("email").asText()).isEqualTo("ana@x.com");
        JsonNode listed = http().get("/v1/users").token(workspace.token()).send().json().path("data").get(0);
        assertThat(listed.path("timezone").asText()).isEqualTo("America/Sao_Paulo");
        assertThat(texts(listed.path("territory_ids"))).containsExactly(latam, emea);

        // only what is sent changes; [] clears the territories
        Response cleared = calls.update(ana, Map.of("territory_ids", List.of()));
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.header("ETag")).isEqualTo("\"3\"");
        assertThat(texts(cleared.json().path("territory_ids"))).isEmpty();
        assertThat(cleared.json().path("locale").asText()).isEqualTo("pt");

        // a body that changes nothing writes nothing and keeps the version
        for (Map<String, ?> same : List.<Map<String, ?>>of(Map.of("locale", "pt"), Map.of(), Map.of("timezone", "America/Sao_Paulo",
                "territory_ids", List.of()))) {
            Response unchanged = calls.update(ana, same);
            assertThat(unchanged.status()).as(unchanged.toString()).isEqualTo(200);
            assertThat(unchanged.header("ETag")).isEqualTo("\"3\"");
        }
        assertThat(http().get("/v1/users/" + ana).token(workspace.token()).send().header("ETag")).isEqualTo("\"3\"");
    }

    @Test
    void anUpdateTakesTheInvitationsRules() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String ana = calls.user("ana@x.com", "csm");

        assertInvalid(calls.update(ana, Map.of("locale", "fr")), "locale", "unknown_value");
        assertInvalid(calls.update(ana, Map.of("timezone", "Mars/Olympus")), "timezone", "invalid_format");
        assertInvalid(calls.update(ana, Map.of("timezone", "EST")), "timezone", "invalid_format");
        assertInvalid(calls.update(ana, Map.of("timezone", "+02:00")), "timezone", "invalid_format");
        // the role has its own endpoint, the email never changes
        assertInvalid(calls.update(ana, Map.of("role", "admin")), "role", "unknown_field");
        assertInvalid(calls.update(ana, Map.of("email", "bob@x.com")), "email", "unknown_field");
        for (String member : List.of("locale", "timezone", "territory_ids")) {
            Map<String, Object> nulled = new HashMap<>();
            nulled.put(member, null);
            assertInvalid(calls.update(ana, nulled), member, "not_nullable");
        }
        for (String wrong : List.of("{\"locale\": 1}", "{\"timezone\": [\"UTC\"]}", "{\"territory_ids\": [null]}",
                "{\"territory_ids\": {}}", "[]", "{\"locale\": ")) {
            Response response = http().patch("/v1/users/" + ana).token(workspace.token())
                    .rawBody(wrong, "application/json").send();
            assertThat(response.status()).as(wrong + " " + response).isEqualTo(400);
        }
        Map<String, Object> nullItem = new HashMap<>();
        nullItem.put("territory_ids", java.util.Arrays.asList((String) null));
        assertInvalid(calls.update(ana, nullItem), "territory_ids[0]", "invalid_type");
        assertThat(http().patch("/v1/users/" + ana).token(workspace.token()).rawBody("locale=en", "text/plain").send()
                .status()).isEqualTo(415);

        Response unknownTerritory = calls.update(ana, Map.of("territory_ids", List.of("ter_01JD3ZZZZZZZZZZZZZZZZZZZZZ")));
        assertProblem(unknownTerritory, 422, "unknown_territory");
        assertThat(unknownTerritory.json().path("errors").get(0).path("field").asText()).isEqualTo("territory_ids");
        String theirs = territory(newWorkspace().token(), "EMEA");
        assertProblem(calls.update(ana, Map.of("locale", "en", "territory_ids", List.of(theirs))), 422,
                "unknown_territory");

        // nothing refused changed the user
        Response fetched = http().get("/v1/users/" + ana).token(workspace.token()).send();
        assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
        assertThat(fetched.json().path("locale").asText()).isEqualTo("es");
        assertThat(fetched.json().path("role").asText()).isEqualTo("csm");
    }

    @Test
    void anUpdateWithIfMatchIsConditional() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String bob = calls.user("bob@x.com", "csm");
        String path = "/v1/users/" + bob;

        Response stale = http().patch(path).token(calls.token()).header("If-Match", "\"2\"")
                .json(Map.of("locale", "en")).send();
        assertProblem(stale, 412, "version_mismatch");
        Response listed = http().patch(path).token(calls.token()).header("If-Match", "\"7\", \"1\"")
                .json(Map.of("locale", "en")).send();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.header("ETag")).isEqualTo("\"2\"");
        assertProblem(http().patch(path).token(calls.token()).header("If-Match", "\"1\"")
                .json(Map.of("locale", "pt")).send(), 412, "version_mismatch");
        assertThat(http().get(path).token(calls.token()).send().json().path("locale").asText()).isEqualTo("en");
    }

    @Test
    void anUpdateIsForAdminsWithUsersWriteOnActiveUsersOfTheWorkspace() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String ana = calls.user("ana@x.com", "csm");
        String readOnlyAdmin = calls.key("admin", List.of("users:read"), null);
        String manager = calls.key("manager", List.of("admin:*"), null);
        String viewer = calls.key("viewer", List.of("customers:read"), null);

        assertProblem(new IdentityCalls(http(), readOnlyAdmin).update(ana, Map.of("locale", "en")), 403, "forbidden");
        assertProblem(new IdentityCalls(http(), manager).update(ana, Map.of("locale", "en")), 403, "forbidden");
        assertProblem(new IdentityCalls(http(), viewer).update(ana, Map.of("locale", "en")), 403, "forbidden");
        assertThat(http().patch("/v1/users/" + ana).json(Map.of("locale", "en")).send().status()).isEqualTo(401);

        // another workspace's user is answered as a missing one
        IdentityCalls theirs = new IdentityCalls(http(), newWorkspace().token());
        String theirUser = theirs.user("eve@x.com", "csm");
        assertNotFound(calls.update(theirUser, Map.of("locale", "en")));
        assertNotFound(calls.update("usr_01JD3ZZZZZZZZZZZZZZZZZZZZZ", Map.of("locale", "en")));
        assertNotFound(calls.update("nonsense", Map.of("locale", "en")));
        assertNotFound(http().patch("/v1/users/" + theirUser).token(calls.token()).header("If-Match", "\"1\"")
                .json(Map.of("locale", "en")).send());
        assertThat(http().get("/v1/users/" + theirUser).token(theirs.token()).send().json().path("locale").asText())
                .isEqualTo("es");

        assertThat(http().delete("/v1/users/" + ana).token(calls.token()).send().status()).isEqualTo(204);
        assertProblem(calls.update(ana, Map.of("locale", "en")), 409, "user_deactivated");
    }

    private String territory(String token, String name) {
        Response created = http().post("/v1/territories").token(token).json(Map.of("name", name)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private Response invite(String token, Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("email", "ana@x.com", "role", "csm", "locale", "es",
                "timezone", "UTC"));
        body.putAll(overrides);
        return http().post("/v1/users").token(token).json(body).send();
    }

    private static void assertInvalid(Response response, String field, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
        assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo(code);
    }

    private static void assertNotFound(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }
}
