package com.lealup.app.customers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.HashMap;
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
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.json().path("existing_id").asText()).isEqualTo(first);
    }

    @Test
    void validatesFields() {
        assertInvalid(Map.of("name", "Maria", "email", "maria@acme.com", "whatsapp_number", "56911112222"), "whatsapp_number");
        assertInvalid(Map.of("name", "Maria", "email", "maria@acme.com", "whatsapp_number", "+0123"), "whatsapp_number");
        assertInvalid(Map.of("name", "Maria", "email", "not-an-email"), "email");
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
