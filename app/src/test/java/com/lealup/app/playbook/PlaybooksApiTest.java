package com.lealup.app.playbook;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /v1/playbooks over real HTTP: every endpoint and its errors. */
class PlaybooksApiTest extends ApiTest {

    private Workspace ws;
    private PlaybookCalls calls;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
        calls = new PlaybookCalls(http(), ws);
    }

    @Test
    void theSeedsExampleBodyWorksAsWritten() {
        Response created = http().post("/v1/playbooks").token(ws.token()).json(PlaybookCalls.SEED_EXAMPLE).send();

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode playbook = created.json();
        String id = playbook.path("id").asText();
        assertThat(id).startsWith("pbk_");
        assertThat(created.header("Location")).isEqualTo("/v1/playbooks/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(playbook.path("name").asText()).isEqualTo("Enterprise At-Risk");
        assertThat(playbook.path("trigger").toString())
                .isEqualTo("{\"type\":\"condition\",\"expression\":\"health_score < 60 AND segment == 'Enterprise'\"}");
        assertThat(playbook.path("actions").toString()).isEqualTo("[{\"type\":\"create_task\",\"title\":\"Call champion\","
                + "\"assignee\":\"owner\"},{\"type\":\"notify\",\"channel\":\"slack\",\"target\":\"#cs-alerts\"}]");
        assertThat(playbook.path("enabled").asBoolean()).isTrue();
        assertThat(playbook.path("cooldown_days").asInt()).isZero();
        assertThat(playbook.path("description").isNull()).isTrue();
        assertThat(playbook.path("created_at").asText()).endsWith("Z");
        assertThat(playbook.path("version").asLong()).isEqualTo(1);

        Response read = http().get("/v1/playbooks/" + id).token(ws.token()).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json()).isEqualTo(playbook);
    }

    @Test
    void listsNewestFirstWithKeysetPages() {
        String first = calls.conditionPlaybook("arr > 1", false, 0);
        String second = calls.conditionPlaybook("arr > 2", false, 0);
        String third = calls.conditionPlaybook("arr > 3", false, 0);

        Response page1 = http().get("/v1/playbooks?limit=2").token(ws.token()).send();
        assertThat(page1.status()).isEqualTo(200);
        assertThat(ids(page1)).containsExactly(third, second);
        assertThat(page1.json().path("has_more").asBoolean()).isTrue();
        Response page2 = http().get("/v1/playbooks?limit=2&cursor=" + page1.json().path("next_cursor").asText())
                .token(ws.token()).send();
        assertThat(ids(page2)).containsExactly(first);
        assertThat(page2.json().path("next_cursor").isNull()).isTrue();

        assertThat(http().get("/v1/playbooks?limit=201").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/playbooks?cursor=nonsense").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(ids(http().get("/v1/playbooks").token(newWorkspace().token()).send())).isEmpty();
    }

    @Test
    void anInvalidExpressionIs400WithItsPosition() {
        Response response = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Broken",
                "trigger", Map.of("type", "condition", "expression", "health_score < "),
                "actions", List.of(Map.of("type", "notify", "channel", "slack", "target", "#cs")))).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode error = response.json().path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("trigger.expression");
        assertThat(error.path("code").asText()).isEqualTo("invalid_expression");
        assertThat(error.path("message").asText()).isEqualTo("at 16: expected a value after '<', found end of input");

        // a date the API could not hold is refused at the literal; the first and last it holds are taken
        Response yearZero = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Year zero",
                "trigger", Map.of("type", "condition", "expression", "renewal_date > '0000-01-01'"),
                "actions", List.of(Map.of("type", "notify", "channel", "slack", "target", "#cs")))).send();
        assertThat(yearZero.status()).as(yearZero.toString()).isEqualTo(400);
        assertThat(yearZero.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_expression");
        assertThat(yearZero.json().path("errors").get(0).path("message").asText())
                .isEqualTo("at 16: text '0000-01-01' is out of range: dates are from 0001-01-01 to 9999-12-31");
        calls.conditionPlaybook("renewal_date IN ('0001-01-01', '9999-12-31')", false, 0);

        // a text over its length is too long, as every text of the API: 2000 characters taken, 2001 refused
        String longest = "segment == '" + "x".repeat(2000 - 13) + "'";
        Map<String, Object> notify = Map.of("type", "notify", "channel", "slack", "target", "#cs");
        assertThat(http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Longest", "trigger",
                Map.of("type", "condition", "expression", longest), "actions", List.of(notify))).send().status())
                .isEqualTo(201);
        Response tooLong = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Too long", "trigger",
                Map.of("type", "condition", "expression", longest + " "), "actions", List.of(notify))).send();
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("code").asText()).isEqualTo("too_long");
        assertThat(tooLong.json().path("errors").get(0).path("message").asText()).endsWith("it goes on at 2001");

        String id = calls.conditionPlaybook("arr > 1", false, 0);
        Response patched = http().patch("/v1/playbooks/" + id).token(ws.token())
                .json(Map.of("trigger", Map.of("type", "condition", "expression", "foo == 1"))).send();
        assertThat(patched.status()).isEqualTo(400);
        assertThat(patched.json().path("errors").get(0).path("field").asText()).isEqualTo("trigger.expression");
        assertThat(patched.json().path("errors").get(0).path("message").asText()).startsWith("at 1: unknown field 'foo'");
    }

    @Test
    void badTriggersAndActionsAre400WithTheirPaths() {
        Response response = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", " ",
                "trigger", Map.of("type", "event", "event_type", "nope"),
                "actions", List.of(
                        Map.of("type", "create_task", "assignee", "bob"),
                        Map.of("type", "notify", "channel", "sms", "target", "x"),
                        Map.of("type", "notify", "channel", "webhook", "target", "not a url", "title", "x"),
                        Map.of("type", "set_custom_field", "key", "1bad", "value", List.of(1)),
                        Map.of("type", "dance")),
                "cooldown_days", -1)).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.json().path("errors").forEach(e -> fields.add(e.path("field").asText() + ":" + e.path("code").asText()));
        assertThat(fields).contains("name:required", "trigger.event_type:unknown_value", "actions[0].title:required",
                "actions[1].channel:unknown_value",
                "actions[2].target:invalid_format", "actions[2].title:unknown_field", "actions[3].key:invalid_format",
                "actions[3].value:invalid_type", "actions[4].type:unknown_value", "cooldown_days:out_of_range");

        Response missing = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "x")).send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").findValuesAsText("field")).contains("trigger", "actions");
        Response renewal = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "x",
                "trigger", Map.of("type", "renewal", "days_before", 30, "expression", "arr > 1"),
                "actions", List.of(Map.of("type", "notify", "channel", "slack", "target", "#cs")))).send();
        assertThat(renewal.json().path("errors").findValuesAsText("field")).containsExactly("trigger.expression");
        Response unknownField = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "x", "colour", "red"))
                .send();
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("errors").get(0).path("code").asText()).isEqualTo("unknown_field");
    }

    @Test
    void aCreateRefusesNullForAFieldWithADefaultAsAPatchDoes() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Nulls",
                "trigger", Map.of("type", "condition", "expression", "arr > 1"),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "k", "value", 1))));
        body.put("enabled", null);
        body.put("cooldown_days", null);
        body.put("name", null);
        Response refused = http().post("/v1/playbooks").token(ws.token()).json(body).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        refused.json().path("errors").forEach(e -> fields.add(e.path("field").asText() + ":" + e.path("code").asText()));
        assertThat(fields).as("a required field sent as null is refused once")
                .containsExactly("cooldown_days:not_nullable", "enabled:not_nullable", "name:not_nullable");

        body.put("name", "Nulls");
        body.remove("enabled");
        body.remove("cooldown_days");
        body.put("description", null);
        Response created = http().post("/v1/playbooks").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("description").isNull()).isTrue();
        assertThat(created.json().path("enabled").asBoolean()).isFalse();
    }

    @Test
    void aNullInsideATriggerOrAnActionIsRefusedNamingItsPath() {
        Map<String, Object> task = new HashMap<>(Map.of("type", "create_task", "title", "Call", "assignee", "owner"));
        task.put("description", null);
        task.put("due_in_days", null);
        task.put("priority", null);
        Map<String, Object> notify = new HashMap<>(Map.of("type", "notify", "channel", "slack", "target", "#cs"));
        notify.put("title", null);
        Map<String, Object> untyped = new HashMap<>(Map.of("key", "k", "value", 1));
        untyped.put("type", null);
        Map<String, Object> trigger = new HashMap<>(Map.of("type", "condition", "expression", "arr > 1"));
        trigger.put("event_type", null);
        Map<String, Object> body = Map.of("name", "Nested nulls", "trigger", trigger,
                "actions", List.of(task, notify, untyped));

        Response refused = http().post("/v1/playbooks").token(ws.token()).json(body).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        refused.json().path("errors").forEach(e -> fields.add(e.path("field").asText() + ":" + e.path("code").asText()));
        assertThat(fields).as("a required field sent as null is refused once").containsExactly(
                "actions[0].description:not_nullable", "actions[0].due_in_days:not_nullable",
                "actions[0].priority:not_nullable", "actions[1].title:not_nullable", "actions[2].type:not_nullable",
                "trigger.event_type:not_nullable");
        assertThat(http().get("/v1/playbooks").token(ws.token()).send().json().path("data").size()).isZero();

        String id = calls.conditionPlaybook("arr > 1", false, 0);
        Response patched = http().patch("/v1/playbooks/" + id).token(ws.token())
                .json(Map.of("actions", List.of(task))).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
        assertThat(patched.json().path("errors").findValuesAsText("field")).containsExactly(
                "actions[0].description", "actions[0].due_in_days", "actions[0].priority");
        assertThat(http().get("/v1/playbooks/" + id).token(ws.token()).send().json().path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void anAssigneeThatIsNotAUserIs422() {
        String stranger = http().post("/v1/users").token(newWorkspace().token()).json(Map.of("email", "x@other.com",
                "role", "csm", "locale", "en", "timezone", "UTC")).send().json().path("id").asText();
        Map<String, Object> body = Map.of("name", "Assign",
                "trigger", Map.of("type", "event", "event_type", "customer.created"),
                "actions", List.of(Map.of("type", "create_task", "title", "Welcome", "assignee", stranger)));

        Response response = http().post("/v1/playbooks").token(ws.token()).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("actions[0].assignee");
        assertThat(response.json().path("type").asText()).endsWith("/unknown_assignee");
        // whatever its shape, as a task's assignee_id and a customer's owner_id
        Response notAnId = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Assign",
                "trigger", body.get("trigger"), "actions", List.of(Map.of("type", "create_task", "title", "Welcome",
                        "assignee", "bob")))).send();
        assertThat(notAnId.status()).as(notAnId.toString()).isEqualTo(422);
        assertThat(notAnId.json().path("type").asText()).endsWith("/unknown_assignee");

        String ana = http().post("/v1/users").token(ws.token()).json(Map.of("email", "ana@lealup.com", "role", "csm",
                "locale", "es", "timezone", "UTC")).send().json().path("id").asText();
        String ok = calls.playbook(Map.of("name", "Assign", "trigger", body.get("trigger"),
                "actions", List.of(Map.of("type", "create_task", "title", "Welcome", "assignee", ana, "due_in_days", 3,
                        "priority", "high"))));
        Response patched = http().patch("/v1/playbooks/" + ok).token(ws.token()).json(Map.of("actions",
                List.of(Map.of("type", "create_task", "title", "Welcome", "assignee", stranger)))).send();
        assertThat(patched.status()).isEqualTo(422);
    }

    @Test
    void aWebhookTargetAtAnInternalAddressIs422AsForASubscription() {
        Map<String, Object> trigger = Map.of("type", "event", "event_type", "customer.created");
        Map<String, Object> internal = Map.of("type", "notify", "channel", "webhook",
                "target", "http://169.254.169.254/latest/meta-data");
        Map<String, Object> slack = Map.of("type", "notify", "channel", "slack", "target", "#cs-alerts");

        Response response = http().post("/v1/playbooks").token(ws.token())
                .json(Map.of("name", "Leak", "trigger", trigger, "actions", List.of(slack, internal))).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("type").asText()).endsWith("/target_not_allowed");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("actions[1].target");
        assertThat(ids(http().get("/v1/playbooks").token(ws.token()).send())).isEmpty();

        String id = calls.playbook(Map.of("name", "Hook", "trigger", trigger, "actions", List.of(slack)));
        Response patched = http().patch("/v1/playbooks/" + id).token(ws.token())
                .json(Map.of("actions", List.of(Map.of("type", "notify", "channel", "webhook",
                        "target", "http://10.1.2.3/hook")))).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(422);
        assertThat(patched.json().path("errors").get(0).path("field").asText()).isEqualTo("actions[0].target");
        Response noPort = http().patch("/v1/playbooks/" + id).token(ws.token())
                .json(Map.of("actions", List.of(Map.of("type", "notify", "channel", "webhook",
                        "target", "https://hooks.example.com:70000/hook")))).send();
        assertThat(noPort.status()).as(noPort.toString()).isEqualTo(400);
        assertThat(noPort.json().path("errors").get(0).path("field").asText()).isEqualTo("actions[0].target");
        // the operator's allow-list (127.0.0.1 in the tests) still lets one through
        assertThat(http().patch("/v1/playbooks/" + id).token(ws.token())
                .json(Map.of("actions", List.of(Map.of("type", "notify", "channel", "webhook",
                        "target", "http://127.0.0.1:9/hook")))).send().status()).isEqualTo(200);
    }

    @Test
    void patchChangesOnlyWhatItNamesAndHonoursIfMatch() {
        String id = calls.playbook(Map.of("name", "Risky", "description", "watch them",
                "trigger", Map.of("type", "renewal", "days_before", 30),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "renewal_watch", "value", true))));

        Response renamed = http().patch("/v1/playbooks/" + id).token(ws.token())
                .json(Map.of("name", "Renewals", "cooldown_days", 7)).send();
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.header("ETag")).isEqualTo("\"2\"");
        assertThat(renamed.json().path("name").asText()).isEqualTo("Renewals");
        assertThat(renamed.json().path("description").asText()).isEqualTo("watch them");
        assertThat(renamed.json().path("cooldown_days").asInt()).isEqualTo(7);
        assertThat(renamed.json().path("trigger").toString()).isEqualTo("{\"type\":\"renewal\",\"days_before\":30}");
        assertThat(renamed.json().path("enabled").asBoolean()).isFalse();

        java.util.HashMap<String, Object> clear = new java.util.HashMap<>();
        clear.put("description", null);
        Response cleared = http().patch("/v1/playbooks/" + id).token(ws.token()).json(clear).send();
        assertThat(cleared.json().path("description").isNull()).isTrue();

        Response stale = http().patch("/v1/playbooks/" + id).token(ws.token()).header("If-Match", "\"1\"")
                .json(Map.of("enabled", true)).send();
        assertProblem(stale, 412, "version_mismatch");
        java.util.HashMap<String, Object> nullName = new java.util.HashMap<>();
        nullName.put("name", null);
        assertThat(http().patch("/v1/playbooks/" + id).token(ws.token()).json(nullName).send().status()).isEqualTo(400);
        assertThat(http().patch("/v1/playbooks/" + id).token(ws.token()).rawBody("{}", "text/plain").send().status())
                .isEqualTo(415);
    }

    @Test
    void deleteRemovesItFromEveryEndpoint() {
        String id = calls.conditionPlaybook("arr > 1", false, 0);

        Response deleted = http().delete("/v1/playbooks/" + id).token(ws.token()).send();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(http().get("/v1/playbooks/" + id).token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/playbooks/" + id + "/runs").token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().patch("/v1/playbooks/" + id).token(ws.token()).json(Map.of("name", "x")).send().status())
                .isEqualTo(404);
        assertThat(http().delete("/v1/playbooks/" + id).token(ws.token()).send().status()).isEqualTo(404);
        assertThat(ids(http().get("/v1/playbooks").token(ws.token()).send())).doesNotContain(id);
    }

    @Test
    void anotherWorkspacesPlaybookIs404Everywhere() {
        String id = calls.conditionPlaybook("arr > 1", false, 0);
        String other = newWorkspace().token();

        assertThat(http().get("/v1/playbooks/" + id).token(other).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/playbooks/" + id + "/runs").token(other).send().status()).isEqualTo(404);
        assertThat(http().patch("/v1/playbooks/" + id).token(other).json(Map.of("name", "x")).send().status()).isEqualTo(404);
        assertThat(http().delete("/v1/playbooks/" + id).token(other).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/playbooks/pbk_nonsense").token(ws.token()).send().status()).isEqualTo(404);
    }

    @Test
    void withoutATokenIs401AndWithoutTheScopeIs403() {
        String id = calls.conditionPlaybook("arr > 1", false, 0);
        assertThat(http().get("/v1/playbooks").send().status()).isEqualTo(401);
        assertThat(http().get("/v1/playbooks/" + id).token("lk_unknown").send().status()).isEqualTo(401);

        String reader = key("viewer", List.of("playbooks:read"));
        assertThat(http().get("/v1/playbooks/" + id).token(reader).send().status()).isEqualTo(200);
        assertThat(http().get("/v1/playbooks/" + id + "/runs").token(reader).send().status()).isEqualTo(200);
        assertThat(http().post("/v1/playbooks").token(reader).json(PlaybookCalls.SEED_EXAMPLE).send().status()).isEqualTo(403);
        assertThat(http().patch("/v1/playbooks/" + id).token(reader).json(Map.of("name", "x")).send().status()).isEqualTo(403);
        assertThat(http().delete("/v1/playbooks/" + id).token(reader).send().status()).isEqualTo(403);

        String tasksOnly = key("manager", List.of("tasks:read"));
        assertThat(http().get("/v1/playbooks").token(tasksOnly).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/playbooks/" + id + "/runs").token(tasksOnly).send().status()).isEqualTo(403);
        // a csm's role has no playbooks:write, whatever its key says
        String csm = key("csm", List.of("playbooks:read", "playbooks:write"));
        assertThat(http().post("/v1/playbooks").token(csm).json(PlaybookCalls.SEED_EXAMPLE).send().status()).isEqualTo(403);
    }

    private String key(String role, List<String> scopes) {
        Response response = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "Key", "role", role, "scopes", scopes)).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("secret").asText();
    }

    private static List<String> ids(Response page) {
        List<String> ids = new ArrayList<>();
        page.json().path("data").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }
}
