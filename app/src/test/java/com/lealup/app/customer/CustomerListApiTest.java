package com.lealup.app.customer;

import static com.lealup.app.support.Problems.assertFieldErrors;
import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters, sorts and keyset pagination of {@code GET /v1/customers}, and the segments they use. */
class CustomerListApiTest extends ApiTest {

    private Workspace ws;
    private String enterprise;

    @BeforeEach
    void portfolio() {
        ws = newWorkspace();
        Response segment = http().post("/v1/segments").token(ws.token()).json(Map.of("name", "Enterprise")).send();
        assertThat(segment.status()).as(segment.toString()).isEqualTo(201);
        enterprise = segment.json().path("id").asText();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        create("Compañía Minera", "minera.cl", 500000, "active", today.plusDays(20), enterprise);
        create("Acme Corp", "acme.com", 145000, "active", today.plusDays(100), null);
        create("Beta Labs", "beta.io", 30000, "trial", null, null);
        create("Gamma Inc", "gamma.com", 80000, "churned", today.plusDays(45), enterprise);
        create("Delta SA", "delta.com.ar", 80000, "paused", today.plusDays(5), null);
    }

    private void create(String name, String domain, int arr, String status, LocalDate renewal, String segmentId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("email_domain", domain);
        body.put("arr", arr);
        body.put("status", status);
        if (renewal != null) {
            body.put("renewal_date", renewal.toString());
        }
        if (segmentId != null) {
            body.put("segment_id", segmentId);
        }
        Response response = http().post("/v1/customers").token(ws.token()).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private List<String> names(String query) {
        Response response = http().get("/v1/customers" + query).token(ws.token()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.json().path("data").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    @Test
    void newestFirstByDefault() {
        assertThat(names("")).containsExactly("Delta SA", "Gamma Inc", "Beta Labs", "Acme Corp", "Compañía Minera");
    }

    @Test
    void filtersCombineWithAnd() {
        assertThat(names("?status=active,trial&sort=name")).containsExactly("Acme Corp", "Beta Labs", "Compañía Minera");
        assertThat(names("?segment_id=" + enterprise + "&sort=name")).containsExactly("Compañía Minera", "Gamma Inc");
        assertThat(names("?min_arr=80000&max_arr=145000&sort=name")).containsExactly("Acme Corp", "Delta SA", "Gamma Inc");
        assertThat(names("?renewal_within_days=30&sort=renewal_date")).containsExactly("Delta SA", "Compañía Minera");
        assertThat(names("?renewal_within_days=60&status=churned")).containsExactly("Gamma Inc");
        assertThat(names("?health_status=at_risk")).isEmpty();
        assertThat(names("?owner_id=usr_01JD3ZZZZZZZZZZZZZZZZZZZZZ")).isEmpty();
    }

    @Test
    void searchIgnoresCaseAndAccents() {
        assertThat(names("?q=compania")).containsExactly("Compañía Minera");
        assertThat(names("?q=COMPAÑÍA")).containsExactly("Compañía Minera");
        assertThat(names("?q=acme.c")).containsExactly("Acme Corp");
        assertThat(names("?q=%25")).isEmpty();
    }

    @Test
    void searchMatchesWithinTheNameOrWithinTheDomainNotAcrossThem() {
        assertThat(names("?q=acme%20corp")).containsExactly("Acme Corp");
        assertThat(names("?q=corp%20acme.com")).isEmpty();
        assertThat(names("?q=labs%20b")).isEmpty();
    }

    @Test
    void searchFoldsTheLettersThatHaveNoAccentMark() {
        create("Øresund A/S", "sund.dk", 1000, "active", null, null);
        create("Łódź Corp", "ldz.pl", 1000, "active", null, null);
        create("Strasse AG", "str.ch", 1000, "active", null, null);
        create("ΟΔΥΣΣΕΥΣ Ναυτιλιακή", "odysseus.gr", 1000, "active", null, null);
        Response renamed = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", "Placeholder", "email_domain", "str.de")).send();
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(201);
        // a rename writes the key through the update's statement, a creation through the insert's
        Response patched = http().patch("/v1/customers/" + renamed.json().path("id").asText()).token(ws.token())
                .json(Map.of("name", "straße gmbh")).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        assertThat(names("?q=oresund")).containsExactly("Øresund A/S");
        assertThat(names("?q=strasse&sort=name")).containsExactly("Strasse AG", "straße gmbh");
        assertThat(names("?q=STRA%E1%BA%9EE&sort=name")).containsExactly("Strasse AG", "straße gmbh");
        assertThat(names("?q=lodz")).containsExactly("Łódź Corp");
        // a capital sigma ending the q is lowered to the final ς: the name holds σ there
        assertThat(names("?q=%CE%9F%CE%94%CE%A5%CE%A3")).as("ΟΔΥΣ").containsExactly("ΟΔΥΣΣΕΥΣ Ναυτιλιακή");
        assertThat(names("?q=%CE%BF%CE%B4%CF%85%CF%83%CF%83%CE%B5%CF%8D%CF%82")).as("οδυσσεύς")
                .containsExactly("ΟΔΥΣΣΕΥΣ Ναυτιλιακή");
    }

    @Test
    void sortsPutMissingValuesLast() {
        assertThat(names("?sort=-arr")).containsExactly("Compañía Minera", "Acme Corp", "Delta SA", "Gamma Inc", "Beta Labs");
        assertThat(names("?sort=renewal_date")).containsExactly("Delta SA", "Compañía Minera", "Gamma Inc", "Acme Corp",
                "Beta Labs");
        assertThat(names("?sort=name")).containsExactly("Acme Corp", "Beta Labs", "Compañía Minera", "Delta SA", "Gamma Inc");
    }

    @Test
    void pagesWithAnOpaqueCursorForEverySort() {
        for (String sort : List.of("name", "-arr", "renewal_date", "-health_score", "-created_at")) {
            List<String> all = names("?sort=" + sort);
            List<String> paged = new ArrayList<>();
            String cursor = null;
            do {
                Response page = http().get("/v1/customers?limit=2&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor))
                        .token(ws.token()).send();
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                JsonNode body = page.json();
                body.path("data").forEach(c -> paged.add(c.path("name").asText()));
                cursor = body.path("has_more").asBoolean() ? body.path("next_cursor").asText() : null;
                if (cursor == null) {
                    assertThat(body.path("next_cursor").isNull()).isTrue();
                }
            } while (cursor != null);
            assertThat(paged).as(sort).containsExactlyElementsOf(all);
        }
    }

    @Test
    void keysetPagesStayStableWhileCustomersArrive() {
        Response first = http().get("/v1/customers?limit=2").token(ws.token()).send();
        create("Epsilon", "epsilon.com", 1, "active", null, null);
        Response second = http().get("/v1/customers?limit=2&cursor=" + first.json().path("next_cursor").asText())
                .token(ws.token()).send();
        List<String> names = new ArrayList<>();
        second.json().path("data").forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).containsExactly("Beta Labs", "Acme Corp");
    }

    @Test
    void aPageReadAgainShowsTheWriteBeforeIt() {
        JsonNode before = http().get("/v1/customers?sort=name&limit=1").token(ws.token()).send().json().path("data").get(0);
        assertThat(before.path("name").asText()).isEqualTo("Acme Corp");
        Response patched = http().patch("/v1/customers/" + before.path("id").asText()).token(ws.token())
                .json(Map.of("name", "Acme Corporation", "custom_fields", Map.of("tier", "Gold", "ratio", 1.50))).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = http().get("/v1/customers?sort=name&limit=1").token(ws.token()).send().json().path("data").get(0);
        assertThat(after.path("name").asText()).isEqualTo("Acme Corporation");
        assertThat(after.path("version").asLong()).isEqualTo(before.path("version").asLong() + 1);
        // as the customer's own answer writes it, byte for byte
        assertThat(after.path("custom_fields").toString()).isEqualTo("{\"tier\":\"Gold\",\"ratio\":1.5}")
                .isEqualTo(patched.json().path("custom_fields").toString());
    }

    @Test
    void badParametersAreValidationErrors() {
        assertBadParameter("?limit=201", "limit");
        assertBadParameter("?limit=0", "limit");
        assertBadParameter("?cursor=not-a-cursor", "cursor");
        String nameCursor = http().get("/v1/customers?limit=1&sort=name").token(ws.token()).send().json()
                .path("next_cursor").asText();
        assertBadParameter("?sort=-arr&cursor=" + nameCursor, "cursor");
        // no value to sort by: a place only where a row may have none (renewal dates, scores), never in creation order
        String noValue = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"v\": null, \"sort\": \"-created_at\", \"id\": \"cus_01M983BMWJ0P4VNPV10F6Q0R2D\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertBadParameter("?sort=-created_at&cursor=" + noValue, "cursor");
        assertBadParameter("?status=active,gone", "status");
        assertBadParameter("?health_status=sick", "health_status");
        assertBadParameter("?min_arr=-5", "min_arr");
        assertBadParameter("?max_arr=lots", "max_arr");
        assertBadParameter("?renewal_within_days=soon", "renewal_within_days");
        assertBadParameter("?sort=arr", "sort");
        // Java reads more than JSON numbers: other scripts' digits, a plus, leading zeros, a bare point
        for (String notJson : List.of("?limit=%EF%BC%92", "?renewal_within_days=%D9%A1%D9%A2", "?min_arr=%D9%A1%D9%A2",
                "?limit=%2B5", "?limit=05", "?renewal_within_days=007", "?min_arr=.5", "?max_arr=5.", "?min_arr=%2B1")) {
            assertBadParameter(notJson, notJson.substring(1, notJson.indexOf('=')));
        }
        // as in JSON: blanks around a number, a minus zero, an exponent
        for (String json : List.of("?limit=%205%20", "?renewal_within_days=-0", "?min_arr=1e2", "?max_arr=0.50")) {
            assertThat(http().get("/v1/customers" + json).token(ws.token()).send().status()).as(json).isEqualTo(200);
        }
        // every bound of the list is told by one code, a range the wrong way round too (as from after to is elsewhere)
        for (String beyond : List.of("?limit=201", "?min_arr=-5", "?renewal_within_days=3651", "?renewal_within_days=-1",
                "?min_arr=10&max_arr=9.99")) {
            assertThat(http().get("/v1/customers" + beyond).token(ws.token()).send().json().path("errors").get(0)
                    .path("code").asText()).as(beyond).isEqualTo("out_of_range");
        }
    }

    /**
     * A page ends before the customer that would take its custom fields past two million characters: customers of
     * 100 fields of 1,000 characters (100,000 each) page by 19 or 20 whatever the limit, the list and the trash alike,
     * and the pages still hold each customer once.
     */
    @Test
    void aPageOfCustomersWithLargeCustomFieldsEndsEarly() {
        Workspace large = newWorkspace();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            fields.put("f" + i, "x".repeat(1000));
        }
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Response customer = http().post("/v1/customers").token(large.token()).json(Map.of("name", "Large " + i,
                    "email_domain", "large" + i + ".example", "custom_fields", fields)).send();
            assertThat(customer.status()).isEqualTo(201);
            created.add(customer.json().path("id").asText());
        }
        for (String path : List.of("/v1/customers?limit=200", "/v1/customers/trash?limit=200")) {
            List<String> listed = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = http().get(path + (cursor == null ? "" : "&cursor=" + cursor)).token(large.token())
                        .send().json();
                sizes.add(page.path("data").size());
                page.path("data").forEach(c -> listed.add(c.path("id").asText()));
                cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
            } while (cursor != null);
            assertThat(sizes).as(path).hasSize(2).first().isIn(19, 20);
            assertThat(listed).as(path).hasSize(25).containsExactlyInAnyOrderElementsOf(created);
            if (path.contains("trash")) {
                break;
            }
            created.forEach(id -> assertThat(http().delete("/v1/customers/" + id).token(large.token()).send().status())
                    .isEqualTo(204));
        }
    }

    @Test
    void segmentsAreListedByNameAndUniqueInAWorkspace() {
        Response smb = http().post("/v1/segments").token(ws.token()).json(Map.of("name", "SMB")).send();
        assertThat(smb.status()).isEqualTo(201);
        assertThat(smb.header("ETag")).as("as every creation's").isEqualTo("\"1\"");
        Response duplicate = http().post("/v1/segments").token(ws.token()).json(Map.of("name", "enterprise")).send();
        assertProblem(duplicate, 409, "duplicate_segment_name");
        assertThat(duplicate.json().path("existing_id").asText()).isEqualTo(enterprise);
        assertFieldErrors(http().post("/v1/segments").token(ws.token()).json(Map.of("name", " ")).send(), "name required");
        assertFieldErrors(http().post("/v1/segments").token(ws.token()).json(Map.of("name", "x".repeat(101))).send(),
                "name too_long");
        assertThat(http().post("/v1/segments").token(ws.token()).json(Map.of("name", "x".repeat(100))).send().status())
                .isEqualTo(201);

        Response list = http().get("/v1/segments?limit=1").token(ws.token()).send();
        assertThat(list.json().path("data").get(0).path("name").asText()).isEqualTo("Enterprise");
        Response next = http().get("/v1/segments?cursor=" + list.json().path("next_cursor").asText()).token(ws.token()).send();
        assertThat(next.json().path("data").get(0).path("name").asText()).isEqualTo("SMB");
        assertThat(next.json().path("has_more").asBoolean()).isFalse();
        // case variants that are not one letter for one: a final sigma, ß and SS, a ligature
        for (List<String> variants : List.of(List.of("ΤΕΣΤ ΑΣ", "τεστ ας"), List.of("Straße", "STRASSE"),
                List.of("Oﬀice", "OFFICE"))) {
            Response first = http().post("/v1/segments").token(ws.token()).json(Map.of("name", variants.get(0))).send();
            assertThat(first.status()).as(variants.get(0)).isEqualTo(201);
            Response second = http().post("/v1/segments").token(ws.token()).json(Map.of("name", variants.get(1))).send();
            assertProblem(second, 409, "duplicate_segment_name");
            assertThat(second.json().path("existing_id").asText()).isEqualTo(first.json().path("id").asText());
        }
        // another workspace neither sees them nor can use them
        Workspace other = newWorkspace();
        assertThat(http().get("/v1/segments").token(other.token()).send().json().path("data")).isEmpty();
        Map<String, Object> body = Map.of("name", "X", "email_domain", "x.com", "segment_id", enterprise);
        assertThat(http().post("/v1/customers").token(other.token()).json(body).send().status()).isEqualTo(422);
    }

    /** The time as the store keeps it (microseconds, rounded as PostgreSQL does), as every later read shows it. */
    @Test
    void aSegmentsCreationAnswersTheTimeItsReadsShow() {
        for (String name : List.of("Mid-market", "Public sector", "Startups")) {
            Response created = http().post("/v1/segments").token(ws.token()).json(Map.of("name", name)).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("created_at").asText()).matches(".*T[0-9:]{8}(\\.[0-9]{1,6})?Z");
            JsonNode listed = http().get("/v1/segments?limit=200").token(ws.token()).send().json().path("data");
            JsonNode same = null;
            for (JsonNode segment : listed) {
                if (segment.path("id").equals(created.json().path("id"))) {
                    same = segment;
                }
            }
            assertThat(same).isEqualTo(created.json());
        }
    }

    /** Where the Location of its creation points: the segment, which never changes (ETag "1"). */
    @Test
    void aSegmentIsReadWhereItsLocationPoints() {
        Response created = http().post("/v1/segments").token(ws.token()).json(Map.of("name", "SMB")).send();
        String location = created.header("Location");
        assertThat(location).isEqualTo("/v1/segments/" + created.json().path("id").asText());

        Response read = http().get(location).token(ws.token()).send();
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created.json());
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(http().get(location).token(ws.token()).header("If-None-Match", "\"1\"").send().status()).isEqualTo(304);
        assertThat(http().get(location).token(ws.token()).header("If-None-Match", "*").send().status()).isEqualTo(304);
        assertThat(http().get(location).token(ws.token()).header("If-None-Match", "\"2\"").send().status()).isEqualTo(200);

        String missingId = "seg_01JD3K4Z5X6Y7W8V9T0S1R2Q3P";
        Response theirs = http().get(location).token(newWorkspace().token()).send();
        Response missing = http().get("/v1/segments/" + missingId).token(ws.token()).send();
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(404);
        assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        assertThat(theirs.json().path("detail").asText().replace(created.json().path("id").asText(), "ID"))
                .isEqualTo(missing.json().path("detail").asText().replace(missingId, "ID"));
        assertThat(http().get("/v1/segments/nonsense").token(ws.token()).send().status()).isEqualTo(404);
    }

    private void assertBadParameter(String query, String field) {
        Response response = http().get("/v1/customers" + query).token(ws.token()).send();
        assertThat(response.status()).as(query + " " + response).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
    }
}
