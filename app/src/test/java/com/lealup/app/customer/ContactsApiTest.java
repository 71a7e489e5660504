package com.lealup.app.customer;

import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactsApiTest extends ApiTest {

    private Workspace ws;
    private String customer;

    @BeforeEach
    void customer() {
        ws = newWorkspace();
        Response created = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Acme", "email_domain", "acme.com")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        customer = created.json().path("id").asText();
    }

    private String path() {
        return "/v1/customers/" + customer + "/contacts";
    }

    private static Map<String, Object> maria() {
        return Map.of("name", "Maria Perez", "email", "maria@acme.com", "title", "VP Operations", "is_champion", true,
                "whatsapp_number", "+56911112222");
    }

    @Test
    void addsListsUpdatesAndRemovesContacts() {
        Response added = http().post(path()).token(ws.token()).json(maria()).send();
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String id = added.json().path("id").asText();
        assertThat(id).startsWith("con_");
        assertThat(added.header("Location")).isEqualTo(path() + "/" + id);
        assertThat(added.json().path("is_champion").asBoolean()).isTrue();
        assertThat(added.json().path("whatsapp_number").asText()).isEqualTo("+56911112222");
        // the customer's version: contacts are part of it
        assertThat(added.header("ETag")).isEqualTo("\"2\"");

        Response list = http().get(path()).token(ws.token()).send();
        assertThat(list.json().path("data").get(0).path("email").asText()).isEqualTo("maria@acme.com");

        Map<String, Object> patch = new HashMap<>();
        patch.put("title", null);
        patch.put("is_champion", false);
        Response updated = http().patch(path() + "/" + id).token(ws.token()).json(patch).send();
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("title").isNull()).isTrue();
        assertThat(updated.json().path("is_champion").asBoolean()).isFalse();
        assertThat(updated.json().path("name").asText()).isEqualTo("Maria Perez");
        // contacts move the customer's version
        assertThat(updated.header("ETag")).isEqualTo("\"3\"");
        assertThat(http().get("/v1/customers/" + customer).token(ws.token()).send().header("ETag")).isEqualTo("\"3\"");

        assertThat(http().delete(path() + "/" + id).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(http().get(path()).token(ws.token()).send().json().path("data")).isEmpty();
        assertThat(http().delete(path() + "/" + id).token(ws.token()).send().status()).isEqualTo(404);
    }

    /**
     * API.md section 1: a PATCH honours If-Match, as the customer's does; a contact's ETag is its customer's version, so
     * a change of the customer or of another of its contacts makes it stale too.
     */
    @Test
    void aContactsPatchHonoursIfMatchOnTheCustomersVersion() {
        Response added = http().post(path()).token(ws.token()).json(maria()).send();
        String contact = added.header("Location");
        assertThat(added.header("ETag")).isEqualTo("\"2\"");

        for (String stale : List.of("\"1\"", "\"999\"", "garbage", "W/\"2\"", "\"1\", \"999\"")) {
            Response refused = http().patch(contact).token(ws.token()).header("If-Match", stale)
                    .json(Map.of("title", "Stale")).send();
            assertThat(refused.status()).as(stale + " " + refused).isEqualTo(412);
            assertThat(refused.json().path("type").asText()).endsWith("/version_mismatch");
        }
        assertThat(http().get(contact).token(ws.token()).send().json().path("title").asText()).isEqualTo("VP Operations");
        assertThat(http().get("/v1/customers/" + customer).token(ws.token()).send().header("ETag")).isEqualTo("\"2\"");

        Response single = http().patch(contact).token(ws.token()).header("If-Match", "\"2\"")
                .json(Map.of("title", "CEO")).send();
        assertThat(single.status()).as(single.toString()).isEqualTo(200);
        assertThat(single.header("ETag")).isEqualTo("\"3\"");
        Response listed = http().patch(contact).token(ws.token()).header("If-Match", "\"1\", \"3\"")
                .json(Map.of("title", "CTO")).send();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.header("ETag")).isEqualTo("\"4\"");
        Response any = http().patch(contact).token(ws.token()).header("If-Match", "*").json(Map.of("title", "CFO")).send();
        assertThat(any.status()).as(any.toString()).isEqualTo(200);
        assertThat(any.header("ETag")).isEqualTo("\"5\"");

        // the customer's own change moves the version the contact's If-Match names
        assertThat(http().patch("/v1/customers/" + customer).token(ws.token()).json(Map.of("arr", 10)).send()
                .header("ETag")).isEqualTo("\"6\"");
        Response behind = http().patch(contact).token(ws.token()).header("If-Match", "\"5\"")
                .json(Map.of("title", "COO")).send();
        assertProblem(behind, 412, "version_mismatch");
        assertThat(http().get(contact).token(ws.token()).send().json().path("title").asText()).isEqualTo("CFO");
    }

    /** Where the Location of its creation points: the contact, with its customer's version as ETag. */
    @Test
    void aContactIsReadWhereItsLocationPoints() {
        Response added = http().post(path()).token(ws.token()).json(maria()).send();
        String contact = added.header("Location");

        Response read = http().get(contact).token(ws.token()).send();
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(added.json());
        assertThat(read.header("ETag")).isEqualTo("\"2\"");
        assertThat(http().get(contact).token(ws.token()).header("If-None-Match", "\"2\"").send().status()).isEqualTo(304);
        assertThat(http().get(contact).token(ws.token()).header("If-None-Match", "*").send().status()).isEqualTo(304);
        assertThat(http().get(contact).token(ws.token()).header("If-None-Match", "\"1\"").send().status()).isEqualTo(200);
        http().patch("/v1/customers/" + customer).token(ws.token()).json(Map.of("arr", 10)).send();
        assertThat(http().get(contact).token(ws.token()).header("If-None-Match", "\"2\"").send().header("ETag"))
                .isEqualTo("\"3\"");

        Response theirs = http().get(contact).token(newWorkspace().token()).send();
        Response missing = http().get(path() + "/con_01JD3K4Z5X6Y7W8V9T0S1R2Q3P").token(ws.token()).send();
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(404);
        assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        assertThat(missing.json().path("detail").asText()).isEqualTo("Contact 'con_01JD3K4Z5X6Y7W8V9T0S1R2Q3P' was not found");
        assertThat(http().get("/v1/customers/cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P/contacts/" + added.json().path("id").asText())
                .token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get("/v1/customers/nonsense/contacts/nonsense").token(ws.token()).send().status()).isEqualTo(404);

        assertThat(http().delete(contact).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(http().get(contact).token(ws.token()).send().status()).isEqualTo(404);
    }

    @Test
    void aDeletedCustomersContactIsNotFound() {
        String contact = http().post(path()).token(ws.token()).json(maria()).send().header("Location");
        assertThat(http().delete("/v1/customers/" + customer).token(ws.token()).send().status()).isEqualTo(204);
        Response gone = http().get(contact).token(ws.token()).send();
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        assertThat(gone.json().path("detail").asText()).isEqualTo("Customer '" + customer + "' was not found");
    }

    /** docs/customers.md: what the contact holds already is no change, so no event, no new version, no history. */
    @Test
    void aPatchThatRepeatsTheContactKeepsTheCustomersVersion() {
        String id = http().post(path()).token(ws.token()).json(maria()).send().json().path("id").asText();
        Map<String, Object> same = new HashMap<>(maria());
        same.put("email", "maria@acme.com");
        for (Map<String, Object> body : java.util.List.of(Map.<String, Object>of(), same)) {
            Response repeated = http().patch(path() + "/" + id).token(ws.token()).json(body).send();
            assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
            assertThat(repeated.header("ETag")).isEqualTo("\"2\"");
            assertThat(repeated.json().path("name").asText()).isEqualTo("Maria Perez");
        }
        Response history = http().get("/v1/customers/" + customer + "/history?type=contact.updated")
                .token(ws.token()).send();
        assertThat(history.json().path("data")).isEmpty();

        Response changed = http().patch(path() + "/" + id).token(ws.token())
                .json(Map.of("name", "Maria Perez", "title", "CEO")).send();
        assertThat(changed.header("ETag")).isEqualTo("\"3\"");
        JsonNode entries = http().get("/v1/customers/" + customer + "/history?type=contact.updated")
                .token(ws.token()).send().json().path("data");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("changes").size()).isEqualTo(1);
        assertThat(entries.get(0).path("changes").has("contacts." + id + ".title")).isTrue();
    }

    @Test
    void aDuplicateEmailOnTheSameCustomerIsAConflict() {
        String first = http().post(path()).token(ws.token()).json(maria()).send().json().path("id").asText();
        Response duplicate = http().post(path()).token(ws.token())
                .json(Map.of("name", "Other Maria", "email", "MARIA@acme.com")).send();
        assertProblem(duplicate, 409, "duplicate_contact_email");
        assertThat(duplicate.json().path("existing_id").asText()).isEqualTo(first);
        // nor may another contact take that email by a PATCH
        String other = http().post(path()).token(ws.token()).json(Map.of("name", "Bo", "email", "bo@acme.com")).send()
                .json().path("id").asText();
        Response taken = http().patch(path() + "/" + other).token(ws.token()).json(Map.of("email", " Maria@Acme.com "))
                .send();
        assertProblem(taken, 409, "duplicate_contact_email");
        assertThat(taken.json().path("existing_id").asText()).isEqualTo(first);
    }

    @Test
    void validatesFields() {
        assertInvalid(Map.of("name", "Maria", "email", "maria@acme.com", "whatsapp_number", "56911112222"), "whatsapp_number");
        assertInvalid(Map.of("name", "Maria", "email", "maria@acme.com", "whatsapp_number", "+0123"), "whatsapp_number");
        assertInvalid(Map.of("name", "Maria", "email", "not-an-email"), "email");
        assertInvalid(Map.of("name", "Maria", "email", "\u00A0maria@acme.com"), "email");
        assertInvalid(Map.of("name", "Maria", "email", "maria\u200B@acme.com"), "email");
        Response trimmed = http().post(path()).token(ws.token()).json(Map.of("name", "Trim", "email", "trim@acme.com "))
                .send();
        assertThat(trimmed.status()).as(trimmed.toString()).isEqualTo(201);
        assertThat(trimmed.json().path("email").asText()).isEqualTo("trim@acme.com");
        http().delete(path() + "/" + trimmed.json().path("id").asText()).token(ws.token()).send();
        // 321 characters of an email's shape: too long, as the message says, not malformed
        String tooLong = "a".repeat(64) + "@" + "b".repeat(252) + ".com";
        Response longEmail = http().post(path()).token(ws.token()).json(Map.of("name", "Maria", "email", tooLong)).send();
        assertThat(longEmail.json().path("errors").get(0).path("code").asText()).isEqualTo("too_long");
        assertThat(http().post(path()).token(ws.token()).json(Map.of("name", "Maria", "email", tooLong.substring(1)))
                .send().status()).isEqualTo(201);
        http().delete(path() + "/" + http().get(path()).token(ws.token()).send().json().path("data").get(0).path("id")
                .asText()).token(ws.token()).send();
        assertInvalid(Map.of("email", "maria@acme.com"), "name");
        assertInvalid(Map.of("name", "Maria", "email", "maria@acme.com", "is_champion", "yes"), "is_champion");
        assertThat(http().get(path()).token(ws.token()).send().json().path("data")).isEmpty();
    }

    @Test
    void anotherWorkspaceCannotReachTheContacts() {
        String id = http().post(path()).token(ws.token()).json(maria()).send().json().path("id").asText();
        String stranger = newWorkspace().token();
        assertThat(http().get(path()).token(stranger).send().status()).isEqualTo(404);
        assertThat(http().post(path()).token(stranger).json(maria()).send().status()).isEqualTo(404);
        assertThat(http().patch(path() + "/" + id).token(stranger).json(Map.of("name", "X")).send().status()).isEqualTo(404);
        assertThat(http().delete(path() + "/" + id).token(stranger).send().status()).isEqualTo(404);
    }

    /** A contact is reached through its own customer only: under another one it is 404 as a contact of nothing. */
    @Test
    void aContactUnderAnotherCustomerIsNotFoundAsOneOfNothing() {
        String id = http().post(path()).token(ws.token()).json(maria()).send().json().path("id").asText();
        String beta = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Beta", "email_domain",
                "beta.com")).send().json().path("id").asText();
        String nowhere = "con_01JD3ZZZZZZZZZZZZZZZZZZZZZ";
        String under = "/v1/customers/" + beta + "/contacts/";

        for (String method : List.of("GET", "PATCH", "DELETE")) {
            Response elsewhere = contactCall(method, under + id);
            Response missing = contactCall(method, under + nowhere);
            assertProblem(elsewhere, 404, "not_found");
            assertProblem(missing, 404, "not_found");
            assertThat(elsewhere.json().path("detail").asText().replace(id, "ID"))
                    .isEqualTo(missing.json().path("detail").asText().replace(nowhere, "ID"));
        }
        assertThat(http().get(path() + "/" + id).token(ws.token()).send().json().path("title").asText())
                .isEqualTo("VP Operations");
    }

    private Response contactCall(String method, String contact) {
        return switch (method) {
            case "GET" -> http().get(contact).token(ws.token()).send();
            case "PATCH" -> http().patch(contact).token(ws.token()).json(Map.of("title", "CEO")).send();
            default -> http().delete(contact).token(ws.token()).send();
        };
    }

    @Test
    void aDeletedCustomersContactsAreGone() {
        http().post(path()).token(ws.token()).json(maria()).send();
        assertThat(http().delete("/v1/customers/" + customer).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(http().get(path()).token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().post(path()).token(ws.token()).json(maria()).send().status()).isEqualTo(404);
    }

    private void assertInvalid(Map<String, Object> body, String field) {
        Response response = http().post(path()).token(ws.token()).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
    }
}
