package com.lealup.app.customer;

import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class CustomersApiTest extends ApiTest {

    private Workspace ws;
    @Autowired
    private JdbcTemplate jdbc;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    static Map<String, Object> acme(String domain) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Acme Corp");
        body.put("email_domain", domain);
        body.put("arr", 145000);
        body.put("status", "active");
        body.put("renewal_date", LocalDate.now(ZoneOffset.UTC).plusMonths(6).toString());
        body.put("custom_fields", Map.of("tier", "Platinum", "industry", "Fintech"));
        return body;
    }

    private Response create(Map<String, Object> body) {
        return http().post("/v1/customers").token(ws.token()).json(body).send();
    }

    private String createId(Map<String, Object> body) {
        Response response = create(body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    @Test
    void createsACustomerThatIsReadableAtOnce() {
        Response created = create(acme("acme.com"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode c = created.json();
        String id = c.path("id").asText();
        assertThat(id).matches("cus_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(created.header("Location")).isEqualTo("/v1/customers/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(c.path("tenant_id").asText()).isEqualTo(ws.id());
        assertThat(c.path("name").asText()).isEqualTo("Acme Corp");
        assertThat(c.path("arr").asInt()).isEqualTo(145000);
        assertThat(c.path("currency").asText()).isEqualTo("USD");
        assertThat(c.path("forecast_category").asText()).isEqualTo("pipeline");
        assertThat(c.path("custom_fields").path("tier").asText()).isEqualTo("Platinum");
        // an object before the first score, its members null: on the page, in lists, in the trash
        assertThat(c.path("health").toString()).isEqualTo("{\"score\":null,\"status\":null,\"calculated_at\":null,"
                + "\"model_version\":null,\"dimensions\":[]}");
        assertThat(c.path("created_at").asText()).endsWith("Z");
        assertThat(c.path("version").asInt()).isEqualTo(1);
        assertThat(c.path("renewal").path("days_until").asInt()).isGreaterThan(150);
        assertThat(c.path("pending_tasks").isArray()).isTrue();

        Response read = http().get("/v1/customers/" + id).token(ws.token()).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().path("email_domain").asText()).isEqualTo("acme.com");
        assertThat(read.json().path("health")).isEqualTo(c.path("health"));
        Response list = http().get("/v1/customers").token(ws.token()).send();
        assertThat(list.json().path("data").get(0).path("id").asText()).isEqualTo(id);
        assertThat(list.json().path("data").get(0).path("health").toString())
                .isEqualTo("{\"score\":null,\"status\":null,\"calculated_at\":null}");
    }

    @Test
    void theSeedExampleBodyIsAccepted() {
        Map<String, Object> seed = acme("seed-acme.com");
        seed.put("owner_email", "nobody@acme.com");
        Response response = create(seed);
        // owner_email names no user of the workspace
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("owner_email");
        assertThat(response.json().path("type").asText()).endsWith("/unknown_owner");
    }

    @Test
    void rejectsInvalidBodiesWithFieldErrorsAndCreatesNothing() {
        assertInvalid(with(acme("a.com"), "arr", -1), "arr", "must_be_positive");
        assertInvalid(with(acme("a.com"), "email_domain", "not a domain"), "email_domain", "invalid_format");
        assertInvalid(with(acme("a.com"), "email_domain", ("b".repeat(60) + ".").repeat(4) + "example.com"), "email_domain",
                "too_long");
        assertInvalid(with(acme("a.com"), "owner_email", "a".repeat(64) + "@" + "b".repeat(252) + ".com"), "owner_email",
                "too_long");
        assertInvalid(with(acme("a.com"), "status", "gone"), "status", "unknown_value");
        assertInvalid(with(acme("a.com"), "forecast_category", "maybe"), "forecast_category", "unknown_value");
        assertInvalid(with(acme("a.com"), "currency", "XXXX"), "currency", "unknown_value");
        assertInvalid(with(acme("a.com"), "custom_fields", Map.of("nested", Map.of("a", 1))), "custom_fields.nested",
                "invalid_type");
        Map<String, Object> noName = acme("a.com");
        noName.remove("name");
        assertInvalid(noName, "name", "required");
        // a default is for an absent field: null is refused as a PATCH refuses it
        for (String field : List.of("status", "currency", "forecast_category", "arr", "custom_fields")) {
            assertInvalid(with(acme("a.com"), field, null), field, "not_nullable");
        }

        Response unknownField = create(with(acme("a.com"), "colour", "red"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("errors").get(0).path("field").asText()).isEqualTo("colour");
        Response wrongType = create(with(acme("a.com"), "arr", "lots"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("errors").get(0).path("field").asText()).isEqualTo("arr");

        assertThat(http().get("/v1/customers").token(ws.token()).send().json().path("data")).isEmpty();
    }

    @Test
    void textLimitsCountCharactersAsTheSpecsMaxLengthDoesNotUtf16Units() {
        String emoji = "\uD83D\uDE00";
        String id = createId(with(with(acme("emoji.com"), "name", emoji.repeat(200)), "custom_fields",
                Map.of("motto", emoji.repeat(1000))));
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().json().path("name").asText())
                .isEqualTo(emoji.repeat(200));
        assertInvalid(with(acme("a.com"), "name", emoji.repeat(201)), "name", "too_long");
        Response contact = http().post("/v1/customers/" + id + "/contacts").token(ws.token())
                .json(Map.of("name", emoji.repeat(200), "email", "ana@emoji.com", "title", emoji.repeat(200))).send();
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        Response segment = http().post("/v1/segments").token(ws.token()).json(Map.of("name", emoji.repeat(100))).send();
        assertThat(segment.status()).as(segment.toString()).isEqualTo(201);
        Response search = http().get("/v1/customers?q=" + URLEncoder.encode(emoji.repeat(200), StandardCharsets.UTF_8))
                .token(ws.token()).send();
        assertThat(search.json().path("data").get(0).path("id").asText()).as(search.toString()).isEqualTo(id);
    }

    @Test
    void aDuplicateEmailDomainIsAConflictNamingTheExistingCustomer() {
        String id = createId(acme("acme.com"));
        // blanks around a domain are not part of it (the document's pattern allows them there)
        Response duplicate = create(with(acme(" ACME.com\t"), "name", "Acme again"));

        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.json().path("existing_id").asText()).isEqualTo(id);
        assertThat(duplicate.json().path("detail").asText()).contains(id);
        // another workspace may use the same domain
        Response elsewhere = http().post("/v1/customers").token(newWorkspace().token()).json(acme("acme.com\n")).send();
        assertThat(elsewhere.status()).isEqualTo(201);
        assertThat(elsewhere.json().path("email_domain").asText()).isEqualTo("acme.com");
    }

    @Test
    void aRenewalDateInThePastIsUnprocessable() {
        Response response = create(with(acme("acme.com"), "renewal_date", "2020-01-01"));
        assertProblem(response, 422, "renewal_date_in_past");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("renewal_date");
    }

    @Test
    void anUnknownSegmentIsUnprocessable() {
        Response response = create(with(acme("acme.com"), "segment_id", "seg_01JD3ZZZZZZZZZZZZZZZZZZZZZ"));
        assertProblem(response, 422, "unknown_segment");
    }

    @Test
    void customFieldDecimalsComeBackAsSent() {
        Response created = http().post("/v1/customers").token(ws.token()).rawBody("""
                {"name": "Precise", "email_domain": "precise.com", "arr": 1,
                 "custom_fields": {"x": 123456789.1234567891, "big": 999999999999999.85, "tiny": 1e-7}}""",
                "application/json").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String written = "\"custom_fields\":{\"x\":123456789.1234567891,\"big\":999999999999999.85,\"tiny\":0.0000001}";
        assertThat(created.rawBody()).contains(written);
        String id = created.json().path("id").asText();
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().rawBody()).contains(written);
    }

    @Test
    void patchMergesCustomFieldsAndHonoursIfMatch() {
        String id = createId(acme("acme.com"));
        Map<String, Object> custom = new HashMap<>();
        custom.put("tier", "Gold");
        custom.put("industry", null);
        custom.put("seats", 40);
        Response patched = http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("arr", 180000, "custom_fields", custom)).send();

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(patched.json().path("arr").asInt()).isEqualTo(180000);
        assertThat(patched.json().path("name").asText()).isEqualTo("Acme Corp");
        assertThat(patched.json().path("custom_fields").path("tier").asText()).isEqualTo("Gold");
        assertThat(patched.json().path("custom_fields").has("industry")).isFalse();
        assertThat(patched.json().path("custom_fields").path("seats").asInt()).isEqualTo(40);

        Response stale = http().patch("/v1/customers/" + id).token(ws.token()).header("If-Match", "\"1\"")
                .json(Map.of("name", "Stale")).send();
        assertProblem(stale, 412, "version_mismatch");
        Response fresh = http().patch("/v1/customers/" + id).token(ws.token()).header("If-Match", "\"2\"")
                .json(Map.of("name", "Fresh")).send();
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().json().path("name").asText())
                .isEqualTo("Fresh");

        Map<String, Object> clearRenewal = new HashMap<>();
        clearRenewal.put("renewal_date", null);
        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(clearRenewal).send().json()
                .path("renewal_date").isNull()).isTrue();
        Map<String, Object> clearName = new HashMap<>();
        clearName.put("name", null);
        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(clearName).send().status()).isEqualTo(400);
    }

    /** docs/customers.md: what the customer holds already is no change, so no event, no new version, no history. */
    @Test
    void aPatchThatRepeatsTheCustomerKeepsItsVersion() {
        String id = createId(acme("acme.com"));
        JsonNode before = http().get("/v1/customers/" + id).token(ws.token()).send().json();
        Map<String, Object> same = new HashMap<>();
        same.put("name", before.path("name").asText());
        same.put("arr", new java.math.BigDecimal(before.path("arr").asText()).setScale(2));
        same.put("status", before.path("status").asText());
        same.put("owner_id", null);
        Response repeated = http().patch("/v1/customers/" + id).token(ws.token()).json(same).send();

        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
        assertThat(repeated.header("ETag")).isEqualTo("\"1\"");
        assertThat(repeated.json().path("version").asLong()).isEqualTo(1);
        Response changed = http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("name", before.path("name").asText(), "status", "churned")).send();
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
    }

    /** owner_email names the owner as owner_id does: null clears it; the two together contradict each other. */
    @Test
    void ownerEmailNullClearsTheOwnerAsOwnerIdNullDoes() {
        String owner = invite("owner1@example.com");
        String id = createId(with(acme("acme.com"), "owner_email", "owner1@example.com"));

        Response both = http().patch("/v1/customers/" + id).token(ws.token()).json(nulls("owner_id", "owner_email"))
                .send();
        assertThat(both.status()).as(both.toString()).isEqualTo(200);
        assertThat(both.json().path("owner_id").isNull()).isTrue();
        assertThat(both.header("ETag")).isEqualTo("\"2\"");

        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("owner_id", owner)).send()
                .json().path("owner_id").asText()).isEqualTo(owner);
        Response cleared = http().patch("/v1/customers/" + id).token(ws.token()).json(nulls("owner_email")).send();
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().path("owner_id").isNull()).isTrue();
        assertThat(cleared.header("ETag")).isEqualTo("\"4\"");
        assertThat(http().get("/v1/customers/" + id + "/history?type=customer.updated").token(ws.token()).send().json()
                .path("data").get(2).path("changes").path("owner_id").path("old").asText()).isEqualTo(owner);

        // one name of the owner null and the other not: which one holds? Neither, 400 (on create too)
        Map<String, Object> contradiction = nulls("owner_id");
        contradiction.put("owner_email", "owner1@example.com");
        Response refused = http().patch("/v1/customers/" + id).token(ws.token()).json(contradiction).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("code").asText()).isEqualTo("conflicting_fields");
        Map<String, Object> reverse = nulls("owner_email");
        reverse.put("owner_id", owner);
        assertThat(http().patch("/v1/customers/" + id).token(ws.token()).json(reverse).send().status()).isEqualTo(400);
        Map<String, Object> created = with(acme("other.com"), "owner_email", "owner1@example.com");
        created.put("owner_id", null);
        assertThat(create(created).status()).isEqualTo(400);
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().json().path("owner_id").isNull()).isTrue();
    }

    /** An owner_email names the user invited with it, folded as the invitation folded it (İ is not I). */
    @Test
    void ownerEmailNamesTheUserInvitedWithItWhateverItsLetters() {
        String irem = invite("\u0130rem@example.com");
        String other = invite("irem@example.com");
        assertThat(other).isNotEqualTo(irem);

        Response created = create(with(acme("acme.com"), "owner_email", "\u0130REM@example.com"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("owner_id").asText()).isEqualTo(irem);
        Response patched = http().patch("/v1/customers/" + created.json().path("id").asText()).token(ws.token())
                .json(Map.of("owner_email", "IREM@example.com")).send();
        assertThat(patched.json().path("owner_id").asText()).isEqualTo(other);
    }

    private static Map<String, Object> nulls(String... fields) {
        Map<String, Object> body = new HashMap<>();
        for (String field : fields) {
            body.put(field, null);
        }
        return body;
    }

    private String invite(String email) {
        Response user = http().post("/v1/users").token(ws.token())
                .json(Map.of("email", email, "role", "csm", "locale", "es", "timezone", "America/Santiago")).send();
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        return user.json().path("id").asText();
    }

    /** docs/customers.md: the owner the customer has already is no change, so it is not checked again. */
    @Test
    void aPatchThatRepeatsAnOwnerDeactivatedSinceKeepsIt() {
        Response user = http().post("/v1/users").token(ws.token()).json(Map.of("email", "owner@lealup.com",
                "role", "csm", "locale", "es", "timezone", "America/Santiago")).send();
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        String owner = user.json().path("id").asText();
        String id = createId(with(acme("acme.com"), "owner_id", owner));
        assertThat(http().delete("/v1/users/" + owner).token(ws.token()).send().status()).isEqualTo(204);

        Response patched = http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("owner_id", owner, "arr", 5)).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("owner_id").asText()).isEqualTo(owner);
        assertThat(patched.json().path("arr").asInt()).isEqualTo(5);
        // naming it again as a new owner (of another customer) is still refused
        Response assigned = create(with(acme("other.com"), "owner_id", owner));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(422);
        assertThat(assigned.json().path("type").asText()).endsWith("/unknown_owner");
    }

    /** docs/customers.md: custom_fields merged by a PATCH may not grow the customer past 100 keys. */
    @Test
    void aPatchMayNotGrowTheCustomFieldsPastTheLimit() {
        String id = createId(with(acme("acme.com"), "custom_fields", numbered("a", 60)));
        Response grown = http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("custom_fields", numbered("b", 60))).send();
        assertThat(grown.status()).as(grown.toString()).isEqualTo(422);
        assertThat(grown.json().path("type").asText()).endsWith("/too_many_custom_fields");
        assertThat(grown.json().path("errors").get(0).path("field").asText()).isEqualTo("custom_fields");
        JsonNode after = http().get("/v1/customers/" + id).token(ws.token()).send().json();
        assertThat(after.path("custom_fields").size()).isEqualTo(60);
        assertThat(after.path("version").asLong()).isEqualTo(1);

        Response filled = http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("custom_fields", numbered("b", 40))).send();
        assertThat(filled.status()).as(filled.toString()).isEqualTo(200);
        assertThat(filled.json().path("custom_fields").size()).isEqualTo(100);
    }

    static Map<String, Object> numbered(String prefix, int count) {
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < count; i++) {
            fields.put(prefix + i, i);
        }
        return fields;
    }

    @Test
    void aPatchCanMoveTheEmailDomainOnlyToAFreeOne() {
        String first = createId(acme("one.com"));
        createId(with(acme("two.com"), "name", "Two"));
        assertProblem(http().patch("/v1/customers/" + first).token(ws.token()).json(Map.of("email_domain", "two.com"))
                .send(), 409, "duplicate_email_domain");
        assertThat(http().patch("/v1/customers/" + first).token(ws.token()).json(Map.of("email_domain", "three.com"))
                .send().status()).isEqualTo(200);
        // one.com is free again
        assertThat(create(acme("one.com")).status()).isEqualTo(201);
    }

    @Test
    void anotherWorkspacesCustomerDoesNotExist() {
        String id = createId(acme("acme.com"));
        String stranger = newWorkspace().token();

        assertThat(http().get("/v1/customers/" + id).token(stranger).send().status()).isEqualTo(404);
        assertThat(http().patch("/v1/customers/" + id).token(stranger).json(Map.of("arr", 1)).send().status()).isEqualTo(404);
        assertThat(http().delete("/v1/customers/" + id).token(stranger).send().status()).isEqualTo(404);
        assertThat(http().post("/v1/customers/" + id + "/restore").token(stranger).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers/" + id + "/contacts").token(stranger).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers/cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ").token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().patch("/v1/customers/cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ").token(ws.token())
                .json(Map.of("arr", 1)).send().status()).isEqualTo(404);
        assertThat(http().delete("/v1/customers/nonsense").token(ws.token()).send().status()).isEqualTo(404);
    }

    @Test
    void authIsRequiredAndScopesAreEnforced() {
        assertThat(http().get("/v1/customers").send().status()).isEqualTo(401);
        assertThat(http().post("/v1/customers").token("lk_nope").json(acme("a.com")).send().status()).isEqualTo(401);

        String viewer = apiKey("viewer", List.of("customers:read", "customers:write"));
        assertThat(http().get("/v1/customers").token(viewer).send().status()).isEqualTo(200);
        Response forbidden = http().post("/v1/customers").token(viewer).json(acme("a.com")).send();
        assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
        assertThat(forbidden.contentType()).isEqualTo("application/problem+json");
        String noScope = apiKey("csm", List.of("tasks:read"));
        assertThat(http().get("/v1/customers").token(noScope).send().status()).isEqualTo(403);
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        Response response = http().post("/v1/customers").token(ws.token()).rawBody("name=Acme", "text/plain").send();
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void softDeleteMovesTheCustomerToTheTrashUntilRestored() {
        String id = createId(acme("acme.com"));

        assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers").token(ws.token()).send().json().path("data")).isEmpty();
        JsonNode trash = http().get("/v1/customers/trash").token(ws.token()).send().json().path("data");
        assertThat(trash).hasSize(1);
        assertThat(trash.get(0).path("id").asText()).isEqualTo(id);
        assertThat(trash.get(0).path("purge_after").asText()).isNotEmpty();
        assertThat(trash.get(0).path("health").path("score").isNull()).isTrue();
        assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(404);
        // the domain stays taken while the customer can come back
        assertProblem(create(acme("acme.com")), 409, "duplicate_email_domain");

        Response restored = http().post("/v1/customers/" + id + "/restore").token(ws.token()).send();
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().path("id").asText()).isEqualTo(id);
        assertThat(restored.json().path("health").path("dimensions").isArray()).isTrue();
        // created, deleted, restored: the version a PATCH's If-Match names, without a GET first
        assertThat(restored.header("ETag")).isEqualTo("\"3\"");
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(200);
        assertProblem(http().post("/v1/customers/" + id + "/restore").token(ws.token()).send(), 409, "not_deleted");
    }

    /** An operation that reads no body takes none, or {}: any other body is refused as every endpoint refuses it. */
    @Test
    void restoreTakesNoBodyOrAnEmptyObject() {
        String id = createId(acme("acme.com"));
        assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(204);
        String restore = "/v1/customers/" + id + "/restore";

        assertRefused(http().post(restore).token(ws.token()).rawBody("this is not json", "text/plain").send(), 415,
                "unsupported_media_type", null);
        assertRefused(http().post(restore).token(ws.token()).rawBody("{}", "application/xml").send(), 415,
                "unsupported_media_type", null);
        assertRefused(http().post(restore).token(ws.token()).json("{\"x\": 1}").send(), 400, "validation_error", "x");
        assertRefused(http().post(restore).token(ws.token()).json("this is not json").send(), 400, "malformed_json",
                null);
        assertRefused(http().post(restore).token(ws.token()).json("{\"x\": \"a").send(), 400, "malformed_json", null);
        assertRefused(http().post(restore).token(ws.token()).json("[]").send(), 400, "malformed_json", null);
        assertRefused(http().post(restore).token(ws.token()).json("null").send(), 400, "malformed_json", null);
        assertThat(http().get("/v1/customers/" + id).token(ws.token()).send().status()).as("still in the trash")
                .isEqualTo(404);

        assertThat(http().post(restore).token(ws.token()).json("{}").send().status()).isEqualTo(200);
        assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(204);
        // no bytes is no body, whatever the headers say: a Content-Type on every request, an empty chunked body
        assertThat(http().post(restore).token(ws.token()).header("Content-Type", "application/json").chunked().send()
                .status()).isEqualTo(200);
    }

    /**
     * A GET or DELETE takes no body at all: {"hard": true} (hard is a query parameter) neither soft-deletes silently
     * nor, sent as a form, erases.
     */
    @Test
    void aDeleteOrAGetWithABodyIsRefusedAndChangesNothing() {
        String id = createId(acme("acme.com"));
        String path = "/v1/customers/" + id;

        assertRefused(http().delete(path).token(ws.token()).json("{\"hard\": true}").send(), 400, "malformed_json", null);
        assertRefused(http().delete(path).token(ws.token()).json("{}").chunked().send(), 400, "malformed_json", null);
        assertRefused(http().delete(path).token(ws.token()).rawBody("hard=true", "application/x-www-form-urlencoded")
                .send(), 400, "malformed_json", null);
        assertRefused(http().get(path).token(ws.token()).json("{}").send(), 400, "malformed_json", null);
        assertRefused(http().get("/v1/customers").token(ws.token()).rawBody("status=churned", "text/plain").chunked()
                .send(), 400, "malformed_json", null);
        assertThat(http().get(path).token(ws.token()).send().status()).as("neither deleted nor erased").isEqualTo(200);

        // no bytes is no body, whatever the headers say
        assertThat(http().get(path).token(ws.token()).header("Content-Type", "application/json").chunked().send()
                .status()).isEqualTo(200);
        assertThat(http().delete(path).token(ws.token()).header("Content-Type", "application/json").send().status())
                .isEqualTo(204);
        assertThat(http().get("/v1/customers/trash").token(ws.token()).send().json().path("data").get(0).path("id")
                .asText()).isEqualTo(id);
    }

    /** A DELETE's options are its query parameters: a misspelt one is no soft delete taken for an erasure. */
    @Test
    void aDeleteWithAParameterItDoesNotTakeIsRefusedAndChangesNothing() {
        String id = createId(acme("acme.com"));
        String path = "/v1/customers/" + id;

        for (String query : List.of("?HARD=true", "?hrad=true", "?hard=true&force=true")) {
            Response refused = http().delete(path + query).token(ws.token()).send();
            assertRefused(refused, 400, "validation_error", null);
            assertThat(refused.json().path("errors").get(0).path("code").asText()).isEqualTo("unknown_parameter");
            assertThat(refused.json().path("detail").asText()).as(query).contains("it takes hard");
        }
        assertThat(http().get(path).token(ws.token()).send().status()).as("neither deleted nor erased").isEqualTo(200);
        Response withoutOptions = http().delete("/v1/api-keys/key_missing?force=true").token(ws.token()).send();
        assertRefused(withoutOptions, 400, "validation_error", null);
        assertThat(withoutOptions.json().path("detail").asText()).contains("which takes none");
    }

    /** A parameter given twice is refused, as which value was meant cannot be known; a list is one comma list. */
    @Test
    void aParameterGivenTwiceIsRefused() {
        String active = createId(acme("acme.com"));
        String trial = createId(Map.of("name", "Trial", "email_domain", "trial.example", "status", "trial"));

        for (String query : List.of("?limit=10&limit=20", "?q=acme&q=acme", "?sort=name&sort=-arr",
                "?status=active&limit=5&limit=5", "?status=active&status=trial")) {
            Response refused = http().get("/v1/customers" + query).token(ws.token()).send();
            assertRefused(refused, 400, "validation_error", null);
            JsonNode error = refused.json().path("errors").get(0);
            assertThat(error.path("code").asText()).as(query).isEqualTo("duplicate_parameter");
            assertThat(error.path("message").asText()).as(query).contains("is given 2 times; it takes one value");
        }
        Response hard = http().delete("/v1/customers/" + active + "?hard=false&hard=true").token(ws.token()).send();
        assertRefused(hard, 400, "validation_error", null);
        assertThat(hard.json().path("errors").get(0).path("field").asText()).isEqualTo("hard");
        assertThat(http().get("/v1/customers/" + active).token(ws.token()).send().status()).isEqualTo(200);

        Response both = http().get("/v1/customers?status=active,trial&sort=name").token(ws.token()).send();
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.json().path("data").findValuesAsText("id")).containsExactlyInAnyOrder(active, trial);
    }

    private static void assertRefused(Response response, int status, String type, String unknownField) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().path("type").asText()).as(response.toString()).endsWith("/" + type);
        if (unknownField != null) {
            assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo(unknownField);
            assertThat(response.json().path("errors").get(0).path("code").asText()).isEqualTo("unknown_field");
        }
    }

    @Test
    void hardDeleteNeedsTheAdminScope() {
        String id = createId(acme("acme.com"));
        String csm = apiKey("csm", List.of("customers:read", "customers:write"));
        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(csm).send().status()).isEqualTo(403);
    }

    @Test
    void anIdempotentRetryReplaysTheFirstAnswerAndCreatesNothing() {
        Response first = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", "create-acme")
                .json(acme("acme.com")).send();
        Response retry = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", "create-acme")
                .json(acme("acme.com")).send();

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(http().get("/v1/customers").token(ws.token()).send().json().path("data")).hasSize(1);
        Response reused = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", "create-acme")
                .json(acme("other.com")).send();
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().path("type").asText()).endsWith("/idempotency_key_reused");
    }

    @Test
    void aReplayedKeyCreationNeverShowsTheSecretAgain() {
        Map<String, Object> body = Map.of("name", "ci", "role", "csm", "scopes", List.of("customers:read"));
        Response first = http().post("/v1/api-keys").token(ws.token()).header("Idempotency-Key", "key-1").json(body).send();
        Response retry = http().post("/v1/api-keys").token(ws.token()).header("Idempotency-Key", "key-1").json(body).send();

        assertThat(first.json().path("secret").asText()).startsWith("lk_");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(retry.json().has("secret")).isFalse();
    }

    @Test
    void everyEventRecordsWhoCausedItAndTheRequestsTraceId() throws Exception {
        Response created = http().post("/v1/customers").token(ws.token()).header("Idempotency-Key", "trace-me")
                .json(acme("acme.com")).send();
        String id = created.json().path("id").asText();

        String metadata = jdbc.queryForObject(
                "SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class, id);
        JsonNode recorded = HttpClientSupport.JSON.readTree(metadata);
        assertThat(recorded.path("trace_id").asText()).isEqualTo(created.header("X-Trace-Id")).isNotBlank();
        assertThat(recorded.path("workspace_id").asText()).isEqualTo(ws.id());
        assertThat(recorded.path("actor_type").asText()).isEqualTo("api_key");
        assertThat(recorded.path("actor_id").asText()).startsWith("key_");
        assertThat(recorded.path("idempotency_key").asText()).isEqualTo("trace-me");
    }

    private void assertInvalid(Map<String, Object> body, String field, String code) {
        Response response = create(body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.json().path("errors").forEach(e -> fields.add(e.path("field").asText() + ":" + e.path("code").asText()));
        assertThat(fields).contains(field + ":" + code);
        assertThat(response.json().path("trace_id").asText()).isEqualTo(response.header("X-Trace-Id"));
    }

    private String apiKey(String role, List<String> scopes) {
        Response key = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", role + " key", "role", role, "scopes", scopes)).send();
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.json().path("secret").asText();
    }
}
