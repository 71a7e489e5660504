package com.lealup.app.http;

import static com.lealup.app.http.ConventionsApiTest.assertFieldError;
import static com.lealup.app.http.ConventionsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input rules of docs/conventions.md: what PostgreSQL cannot store (U+0000, unpaired surrogates, years outside
 * 0001-9999, numbers beyond the columns) and values of the wrong JSON type are 400 naming the field, and change
 * nothing. {@link HostileCorpusApiTest} runs such values against every operation.
 */
class InputHygieneApiTest extends ApiTest {

    private Workspace ws;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    private Response post(String path, String json) {
        return http().post(path).token(ws.token()).json(json).send();
    }

    private Response get(String pathAndQuery) {
        return http().get(pathAndQuery).token(ws.token()).send();
    }

    private String customer(String domain) {
        Response created = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", domain, "email_domain", domain)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    @Test
    void unstorableTextInABodyIsRefusedNamingItsJsonPathAndChangesNothing() {
        assertFieldError(post("/v1/customers", "{\"name\": \"a\\u0000b\", \"email_domain\": \"a.com\"}"), "name", "invalid_value");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\\uD800b\", \"email_domain\": \"a.com\"}"), "name", "invalid_value");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\\udfff\", \"email_domain\": \"a.com\"}"), "name", "invalid_value");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"custom_fields\": "
                + "{\"tier\": \"x\\u0000\"}}"), "custom_fields.tier", "invalid_value");
        Response key = post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"custom_fields\": {\"t\\u0000\": 1}}");
        assertFieldError(key, "custom_fields.t\\u0000", "invalid_value");
        assertThat(key.json().path("detail").asText()).contains("U+0000");

        // the UTF-8-like bytes of a surrogate (CESU-8); a body in UTF-16 is not read at all (bodies are UTF-8)
        ByteArrayOutputStream cesu = new ByteArrayOutputStream();
        cesu.writeBytes("{\"name\": \"a".getBytes(StandardCharsets.UTF_8));
        cesu.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        cesu.writeBytes("\", \"email_domain\": \"a.com\"}".getBytes(StandardCharsets.UTF_8));
        assertFieldError(http().post("/v1/customers").token(ws.token()).rawBody(cesu.toByteArray(), "application/json").send(),
                "name", "invalid_value");
        byte[] utf16 = "{\"name\": \"a\u0000\", \"email_domain\": \"a.com\"}".getBytes(StandardCharsets.UTF_16BE);
        assertProblem(http().post("/v1/customers").token(ws.token()).rawBody(utf16, "application/json").send(),
                400, "malformed_json");

        // bytes that are not UTF-8, which the JSON parser would read as characters: an overlong NUL (C0 80, E0 80 80)
        // as U+0000, the CESU-8 form of a pair as the pair; the body is refused whole, before any endpoint runs
        for (byte[] illFormed : List.of(new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) {
            for (String path : List.of("/v1/customers", "/v1/api-keys", "/v1/segments", "/v1/events")) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.writeBytes((path.equals("/v1/events") ? "{\"events\": [{\"type\": \"a" : "{\"name\": \"a")
                        .getBytes(StandardCharsets.UTF_8));
                body.writeBytes(illFormed);
                body.writeBytes((path.equals("/v1/events") ? "\", \"customer_id\": \"cus_x\", \"timestamp\": \"2026-11-26T08:00:00Z\"}]}"
                        : "\", \"email_domain\": \"ill.com\"}").getBytes(StandardCharsets.UTF_8));
                Response refused = http().post(path).token(ws.token()).rawBody(body.toByteArray(), "application/json").send();
                assertProblem(refused, 400, "malformed_json");
                assertThat(refused.json().path("detail").asText()).startsWith("The request body is not valid UTF-8 (byte ");
            }
        }
        assertThat(get("/v1/segments").json().path("data").size()).isZero();

        // an escaped backslash before u0000 is text, and a surrogate pair is a character
        Response fine = post("/v1/customers", "{\"name\": \"a\\\\u0000 \\ud83d\\ude00\", \"email_domain\": \"fine.com\"}");
        assertThat(fine.status()).as(fine.toString()).isEqualTo(201);
        assertThat(fine.json().path("name").asText()).isEqualTo("a\\u0000 \ud83d\ude00");
        assertThat(get("/v1/customers").json().path("data").size()).isEqualTo(1);
    }

    @Test
    void everyWriteRefusesUnstorableText() {
        String customer = customer("acme.com");
        String playbook = "{\"name\": \"%s\", \"trigger\": {\"type\": \"event\", \"event_type\": \"customer.created\"}, "
                + "\"actions\": [{\"type\": \"set_custom_field\", \"key\": \"k\", \"value\": \"%s\"}]}";
        assertFieldError(post("/v1/playbooks", playbook.formatted("p\\u0000", "v")), "name", "invalid_value");
        assertFieldError(post("/v1/playbooks", playbook.formatted("p", "v\\u0000")), "actions[0].value", "invalid_value");
        assertFieldError(post("/v1/tasks", "{\"customer_id\": \"" + customer + "\", \"title\": \"t\\u0000\"}"),
                "title", "invalid_value");
        assertFieldError(post("/v1/customers/" + customer + "/contacts", "{\"name\": \"n\\u0000\", \"email\": \"a@acme.com\"}"),
                "name", "invalid_value");
        assertFieldError(post("/v1/segments", "{\"name\": \"s\\u0000\"}"), "name", "invalid_value");
        assertFieldError(post("/v1/territories", "{\"name\": \"t\\u0000\"}"), "name", "invalid_value");
        assertFieldError(post("/v1/users", "{\"email\": \"a\\u0000@acme.com\", \"role\": \"csm\", \"locale\": \"en\", "
                + "\"timezone\": \"UTC\"}"), "email", "invalid_value");
        assertFieldError(post("/v1/api-keys", "{\"name\": \"k\\u0000\", \"role\": \"viewer\", \"scopes\": []}"),
                "name", "invalid_value");
        assertFieldError(http().patch("/v1/customers/" + customer).token(ws.token()).json("{\"name\": \"\\u0000\"}").send(),
                "name", "invalid_value");

        assertThat(get("/v1/segments").json().path("data").size()).isZero();
        assertThat(get("/v1/playbooks").json().path("data").size()).isZero();
        assertThat(get("/v1/customers/" + customer).json().path("name").asText()).isEqualTo("acme.com");
    }

    /**
     * A name or a title is one line: a control character or a line break inside it is {@code invalid_value}, white
     * space around it is taken off. A description or notes keep their tabs and line breaks, and refuse the other
     * controls (an escape, a bell, C1's NEL). Nothing refused is written.
     */
    @Test
    void aNameOrTitleIsOneLineAndATextHoldsNoControlButTabsAndLineBreaks() {
        String customer = customer("acme.com");
        assertFieldError(post("/v1/customers", "{\"name\": \"\\u001b[31mRed Co\", \"email_domain\": \"red.com\"}"),
                "name", "invalid_value");
        assertFieldError(http().patch("/v1/customers/" + customer).token(ws.token()).json("{\"name\": \"Acme\\nCorp\"}")
                .send(), "name", "invalid_value");
        assertFieldError(post("/v1/customers/" + customer + "/contacts",
                "{\"name\": \"Ana\", \"email\": \"ana@acme.com\", \"title\": \"VP\\tSales\"}"), "title", "invalid_value");
        assertFieldError(post("/v1/tasks", "{\"customer_id\": \"" + customer + "\", \"title\": \"Call\\u0085back\"}"),
                "title", "invalid_value");
        assertFieldError(post("/v1/tasks", "{\"customer_id\": \"" + customer + "\", \"title\": \"Call\", "
                + "\"description\": \"ring \\u0007 twice\"}"), "description", "invalid_value");
        String playbook = "{\"name\": \"%s\", \"description\": \"%s\", \"trigger\": {\"type\": \"event\", "
                + "\"event_type\": \"customer.created\"}, \"actions\": [{\"type\": \"create_task\", \"title\": \"%s\", "
                + "\"assignee\": \"owner\"}]}";
        assertFieldError(post("/v1/playbooks", playbook.formatted("On\\rboard", "d", "t")), "name", "invalid_value");
        assertFieldError(post("/v1/playbooks", playbook.formatted("Onboard", "d\\u001b", "t")), "description", "invalid_value");
        assertFieldError(post("/v1/playbooks", playbook.formatted("Onboard", "d", "t\\u2028u")), "actions[0].title",
                "invalid_value");
        Response target = post("/v1/playbooks", "{\"name\": \"Alert\", \"trigger\": {\"type\": \"event\", \"event_type\": "
                + "\"customer.created\"}, \"actions\": [{\"type\": \"notify\", \"channel\": \"slack\", \"target\": \"#cs\\u001balerts\"}]}");
        assertThat(target.json().path("errors")).as("refused as no line, not judged again as a channel").hasSize(1);
        assertFieldError(target, "actions[0].target", "invalid_value");
        assertThat(get("/v1/customers/" + customer).json().path("name").asText()).isEqualTo("acme.com");
        assertThat(get("/v1/customers/" + customer + "/contacts").json().path("data").size()).isZero();
        assertThat(get("/v1/tasks").json().path("data").size()).isZero();
        assertThat(get("/v1/playbooks").json().path("data").size()).isZero();

        Response task = post("/v1/tasks", "{\"customer_id\": \"" + customer + "\", \"title\": \"\\u00a0Call\\n\", "
                + "\"description\": \"Agenda:\\r\\n\\t1. renewal\\n\\t2. seats\"}");
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        assertThat(task.json().path("title").asText()).isEqualTo("Call");
        assertThat(task.json().path("description").asText()).isEqualTo("Agenda:\r\n\t1. renewal\n\t2. seats");
    }

    /** The OpenAPI document's {@code \S} is ECMA-262's: a name of no-break or ideographic spaces is blank there, and here. */
    @Test
    void aNameOfUnicodeWhiteSpaceIsBlank() {
        String customer = customer("acme.com");
        for (String blank : List.of("\\u00a0", "\\u3000 ", "\\u2028", "\\ufeff")) {
            assertFieldError(post("/v1/customers", "{\"name\": \"" + blank + "\", \"email_domain\": \"blank.com\"}"),
                    "name", "required");
            assertFieldError(post("/v1/segments", "{\"name\": \"" + blank + "\"}"), "name", "required");
            assertFieldError(post("/v1/territories", "{\"name\": \"" + blank + "\"}"), "name", "required");
            assertFieldError(post("/v1/tasks", "{\"customer_id\": \"" + customer + "\", \"title\": \"" + blank + "\"}"),
                    "title", "required");
        }
        assertThat(get("/v1/segments").json().path("data").size()).isZero();
    }

    @Test
    void valuesOfTheWrongJsonTypeAreNeverCoerced() {
        String customer = customer("acme.com");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"arr\": \"100\"}"), "arr", "invalid_type");
        assertFieldError(post("/v1/customers", "{\"name\": 123, \"email_domain\": \"a.com\"}"), "name", "invalid_type");
        assertFieldError(post("/v1/customers", "{\"name\": true, \"email_domain\": \"a.com\"}"), "name", "invalid_type");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"renewal_date\": 99999999999}"),
                "renewal_date", "invalid_type");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"renewal_date\": "
                + "\"2030-01-01T00:00:00Z\"}"), "renewal_date", "invalid_format");
        // java.time reads an expanded year with a sign; a date is YYYY-MM-DD
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"renewal_date\": "
                + "\"+002030-01-01\"}"), "renewal_date", "invalid_format");
        // a year of five digits is beyond the range, with a sign or without
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"renewal_date\": "
                + "\"10000-01-01\"}"), "renewal_date", "out_of_range");
        assertFieldError(post("/v1/tasks", "{\"customer_id\": \"" + customer + "\", \"title\": \"t\", \"due_date\": 20000}"),
                "due_date", "invalid_type");
        assertFieldError(http().patch("/v1/customers/" + customer).token(ws.token()).json("{\"arr\": \"5\"}").send(),
                "arr", "invalid_type");
        assertFieldError(post("/v1/customers/" + customer + "/contacts", "{\"name\": \"n\", \"email\": \"a@acme.com\", "
                + "\"is_champion\": 1}"), "is_champion", "invalid_type");
        String playbook = "{\"name\": \"p\", \"trigger\": {\"type\": \"renewal\", \"days_before\": %s}, \"cooldown_days\": %s, "
                + "\"actions\": [{\"type\": \"create_task\", \"title\": \"t\", \"assignee\": \"owner\"}]}";
        assertFieldError(post("/v1/playbooks", playbook.formatted("30", "1.5")), "cooldown_days", "invalid_type");
        // a fraction where a whole number is expected: the message says which kind of number
        Response fraction = http().patch("/v1/health/model").token(ws.token())
                .json("{\"dimensions\": [{\"key\": \"nps\", \"weight\": 15.5}]}").send();
        assertFieldError(fraction, "dimensions[0].weight", "invalid_type");
        assertThat(fraction.json().path("errors").get(0).path("message").asText())
                .isEqualTo("Field 'dimensions[0].weight' must be a whole number, written in digits only (no fraction "
                        + "part, no exponent)");
        // so is an exponent, even of a whole value
        assertFieldError(post("/v1/playbooks", playbook.formatted("30", "1e1")), "cooldown_days", "invalid_type");
        assertThat(get("/v1/health/model").json().path("version").asInt()).isEqualTo(1);
        assertFieldError(post("/v1/playbooks", playbook.formatted("\"30\"", "1")), "trigger.days_before", "invalid_type");
        assertFieldError(post("/v1/playbooks", playbook.formatted("30", "99999999999")), "cooldown_days", "out_of_range");
        assertThat(get("/v1/playbooks").json().path("data").size()).isZero();
    }

    @Test
    void datesAndNumbersStayWithinWhatTheReadModelsHold() {
        String customer = customer("acme.com");
        for (String date : List.of("0000-01-01", "+10000-01-01", "-0001-01-01")) {
            assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"renewal_date\": \"" + date + "\"}"),
                    "renewal_date", "out_of_range");
            assertFieldError(post("/v1/tasks", "{\"customer_id\": \"" + customer + "\", \"title\": \"t\", \"due_date\": \"" + date + "\"}"),
                    "due_date", "out_of_range");
        }
        Response farRenewal = post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"renewal_date\": \"9999-12-31\"}");
        assertThat(farRenewal.status()).as(farRenewal.toString()).isEqualTo(201);

        for (String number : List.of("1e400", "1e15", "-1e15", "0.00000000001", "123456789012345678901234567890")) {
            assertFieldError(post("/v1/customers", "{\"name\": \"b\", \"email_domain\": \"b.com\", \"custom_fields\": {\"n\": "
                    + number + "}}"), "custom_fields.n", "out_of_range");
        }
        assertFieldError(post("/v1/playbooks", "{\"name\": \"p\", \"trigger\": {\"type\": \"event\", \"event_type\": "
                + "\"customer.created\"}, \"actions\": [{\"type\": \"set_custom_field\", \"key\": \"k\", \"value\": 1e400}]}"),
                "actions[0].value", "out_of_range");
        assertFieldError(post("/v1/customers", "{\"name\": \"b\", \"email_domain\": \"b.com\", \"arr\": 1e400}"), "arr", "out_of_range");
        Response decimals = post("/v1/customers", "{\"name\": \"b\", \"email_domain\": \"b.com\", \"custom_fields\": "
                + "{\"n\": 0.5, \"m\": 999999999999999, \"e\": 1.5e3}}");
        assertThat(decimals.status()).as(decimals.toString()).isEqualTo(201);
        assertThat(decimals.json().path("custom_fields").path("n").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(decimals.json().path("custom_fields").path("e").decimalValue()).isEqualByComparingTo("1500");
    }

    /** A number whose exponent is beyond an int: Jackson's trees refuse it bare, which was a 500 on every body. */
    @Test
    void aNumberWhoseExponentNoDecimalHoldsIsOutOfRangeWhereverItIs() {
        String customer = customer("acme.com");
        for (String number : List.of("1e-2147483648", "0e-2147483648", "1E+2147483648")) {
            assertFieldError(post("/v1/customers", "{\"name\": \"b\", \"email_domain\": \"b.com\", \"custom_fields\": {\"n\": "
                    + number + "}}"), "custom_fields.n", "out_of_range");
            assertFieldError(http().patch("/v1/customers/" + customer).token(ws.token())
                    .json("{\"custom_fields\": {\"n\": [1, " + number + "]}}").send(), "custom_fields.n[1]", "out_of_range");
            assertFieldError(post("/v1/segments", "{\"name\": \"s\", \"x\": " + number + "}"), "x", "out_of_range");
            Response nps = post("/v1/events", "{\"events\": [{\"type\": \"nps.response\", \"customer_id\": \"" + customer
                    + "\", \"timestamp\": \"" + Instant.now() + "\", \"properties\": {\"score\": " + number + "}}]}");
            assertThat(nps.status()).as(nps.toString()).isEqualTo(202);
            assertThat(nps.json().path("errors").path(0).path("code").asText()).as(nps.toString()).isEqualTo("invalid_property");
        }
        assertThat(get("/v1/customers").json().path("data").size()).isEqualTo(1);
        assertThat(get("/v1/segments").json().path("data").size()).isZero();
    }

    @Test
    void queryParametersAndPathsRefuseUnstorableTextAndOutOfRangeValues() {
        customer("acme.com");
        for (String query : List.of("/v1/tasks?owner_id=%00", "/v1/tasks?customer_id=a%00b", "/v1/customers?q=%00",
                "/v1/customers?owner_id=%00", "/v1/customers?segment_id=%00", "/v1/events?type=%00",
                "/v1/events?customer_id=%00")) {
            Response refused = get(query);
            String field = query.substring(query.indexOf('?') + 1, query.indexOf('='));
            assertFieldError(refused, field, "invalid_value");
        }
        assertFieldError(get("/v1/customers?a%00=1"), "a\\u0000", "invalid_value");
        for (String instant : List.of("-999999999-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
                "%2B10000-01-01T00:00:00Z")) {
            assertFieldError(get("/v1/events?from=" + instant), "from", "out_of_range");
            assertFieldError(get("/v1/events?to=" + instant), "to", "out_of_range");
        }
        assertFieldError(get("/v1/tasks?due_before=%2B10000-01-01"), "due_before", "out_of_range");
        assertFieldError(get("/v1/tasks?due_after=0000-12-31"), "due_after", "out_of_range");
        assertFieldError(get("/v1/customers?min_arr=1e999999"), "min_arr", "out_of_range");
        assertFieldError(get("/v1/customers?max_arr=0.0000000001"), "max_arr", "out_of_range");
        String forged = java.util.Base64.getUrlEncoder().encodeToString("{\"id\": \"tsk_\\u0000\"}".getBytes(StandardCharsets.UTF_8));
        assertFieldError(get("/v1/tasks?cursor=" + forged), "cursor", "invalid_cursor");
        // a list ordered by name keeps an id of its own kind in its cursor, as every list by id does
        for (String list : List.of("/v1/territories", "/v1/segments")) {
            for (String position : List.of("{\"name\": \"N\", \"id\": \"zzz\"}",
                    "{\"name\": \"N\", \"name\": \"O\", \"id\": \"ter_01JD3ZZZZZZZZZZZZZZZZZZZZZ\"}")) {
                String cursor = java.util.Base64.getUrlEncoder().encodeToString(position.getBytes(StandardCharsets.UTF_8));
                assertFieldError(get(list + "?cursor=" + cursor), "cursor", "invalid_cursor");
            }
        }
        // a sort value no row can hold never reaches the query
        for (String position : List.of("{\"sort\": \"-arr\", \"v\": \"1e999999\", \"id\": \"cus_x\"}",
                "{\"sort\": \"-created_at\", \"v\": \"+1000000000-01-01T00:00:00Z\", \"id\": \"cus_x\"}",
                "{\"sort\": \"renewal_date\", \"v\": \"+99999-01-01\", \"id\": \"cus_x\"}",
                // instants and dates only as a cursor holds them: SQL takes no +18:00 offset nor a twelfth digit
                "{\"sort\": \"-created_at\", \"v\": \"2026-12-08T01:38:12+18:00\", \"id\": \"cus_x\"}",
                "{\"sort\": \"-created_at\", \"v\": \"2026-12-08T01:38:12.999999999999Z\", \"id\": \"cus_x\"}",
                "{\"sort\": \"renewal_date\", \"v\": \"+2027-01-01\", \"id\": \"cus_x\"}")) {
            String cursor = java.util.Base64.getUrlEncoder().encodeToString(position.getBytes(StandardCharsets.UTF_8));
            String sort = position.replaceAll(".*\"sort\": \"([^\"]+)\".*", "$1");
            assertFieldError(get("/v1/customers?sort=" + sort + "&cursor=" + cursor), "cursor", "invalid_cursor");
        }
        for (String at : List.of("2026-12-08T01:38:12+18:00", "2026-12-08T01:38:12.9999999999Z", "2026-12-08T01:38:12-16:00")) {
            String events = java.util.Base64.getUrlEncoder().encodeToString(("{\"timestamp\": \"" + at + "\", \"id\": "
                    + "\"evt_x\"}").getBytes(StandardCharsets.UTF_8));
            assertFieldError(get("/v1/events?cursor=" + events), "cursor", "invalid_cursor");
            String trash = java.util.Base64.getUrlEncoder().encodeToString(("{\"deleted_at\": \"" + at + "\", \"id\": "
                    + "\"cus_x\"}").getBytes(StandardCharsets.UTF_8));
            assertFieldError(get("/v1/customers/trash?cursor=" + trash), "cursor", "invalid_cursor");
        }

        // in a path, Tomcat refuses them itself (invalid URI), before any application code
        assertThat(get("/v1/customers/cus_%00").status()).isEqualTo(400);
        assertThat(get("/v1/customers/cus_%ED%A0%80").status()).isEqualTo(400);
    }

    @Test
    void aBadEventIsRejectedAloneWhereverItsUnstorableTextIs() {
        String customer = customer("acme.com");
        String now = clock.instant().toString();
        String good = "{\"type\": \"login\", \"customer_id\": \"" + customer + "\", \"timestamp\": \"" + now + "\"%s}";
        String body = "{\"events\": [" + String.join(", ",
                good.formatted(""),
                good.formatted(", \"properties\": {\"plan\": \"a\\u0000\"}"),
                good.formatted(", \"properties\": {\"deep\": [{\"x\": \"\\ud800\"}]}"),
                good.formatted(", \"properties\": {\"k\\u0000\": 1}"),
                good.formatted(", \"event_id\": \"e\\u0000\""),
                "{\"type\": \"login\", \"email_domain\": \"acme.com\\u0000\", \"timestamp\": \"" + now + "\"}",
                good.formatted(", \"contact_email\": \"a\\udc00@acme.com\""),
                "{\"type\": \"log\\u0000in\", \"customer_id\": \"" + customer + "\", \"timestamp\": \"" + now + "\"}",
                good.formatted(", \"event_id\": \"fine\", \"properties\": {\"text\": \"\\\\u0000\"}"),
                "{\"type\": \"login\", \"customer_id\": \"" + customer + "\", \"timestamp\": \"+10000-01-01T00:00:00Z\"}",
                "{\"type\": \"login\", \"customer_id\": \"" + customer + "\", \"timestamp\": \"0000-01-01T00:00:00Z\"}",
                "{\"type\": \"login\", \"customer_id\": \"" + customer + "\", \"timestamp\": 1700000000}") + "]}";
        Response response = post("/v1/events", body);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode answer = response.json();
        assertThat(answer.path("accepted").asInt()).isEqualTo(2);
        assertThat(answer.path("rejected").asInt()).isEqualTo(10);
        List<String> errors = new java.util.ArrayList<>();
        answer.path("errors").forEach(e -> errors.add(e.path("index").asInt() + " " + e.path("code").asText() + " "
                + e.path("message").asText()));
        assertThat(errors).containsExactly(
                "1 invalid_property properties.plan must not contain U+0000 (NUL)",
                "2 invalid_property properties.deep[0].x must not contain an unpaired surrogate (\\uD800)",
                "3 invalid_property properties.k\\u0000 must not contain U+0000 (NUL)",
                "4 invalid_event event_id must not contain U+0000 (NUL)",
                "5 invalid_event email_domain must not contain U+0000 (NUL)",
                "6 invalid_event contact_email must not contain an unpaired surrogate (\\uDC00)",
                "7 invalid_event type must not contain U+0000 (NUL)",
                errors.get(7), errors.get(8), errors.get(9));
        assertThat(errors.subList(7, 10)).as("a year beyond 0001-9999 is no timestamp, not one too far off")
                .allMatch(e -> e.contains(" invalid_timestamp "));
        assertThat(get("/v1/events?customer_id=" + customer).json().path("data").size()).isEqualTo(2);
    }

    @Test
    void multipartBodiesAre415NotA500() {
        String customer = customer("acme.com");
        String malformed = "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end";
        for (Response response : List.of(
                http().post("/v1/customers").token(ws.token()).rawBody("{}", "multipart/form-data").send(),
                http().post("/v1/customers").token(ws.token()).rawBody(malformed, "multipart/form-data; boundary=xyz").send(),
                http().patch("/v1/customers/" + customer).token(ws.token()).rawBody(malformed, "multipart/form-data; boundary=xyz").send(),
                http().post("/v1/events").token(ws.token()).rawBody(malformed, "multipart/form-data; boundary=xyz").send(),
                http().post("/v1/customers/" + customer + "/restore").token(ws.token()).rawBody("x", "multipart/form-data").send())) {
            assertProblem(response, 415, "unsupported_media_type");
        }
        Response csvToo = http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody(malformed, "multipart/form-data; boundary=xyz").send();
        assertProblem(csvToo, 415, "unsupported_media_type");
        assertThat(csvToo.json().path("detail").asText()).isEqualTo("The request body must be application/json or text/csv");
        assertThat(get("/v1/jobs").json().path("data").size()).isZero();
    }

    @Test
    void aRequiredMemberSentAsNullIsNotNullableOnEveryBodyAsOnACustomersAndChangesNothing() {
        String customer = customer("acme.com");
        assertFieldError(post("/v1/segments", "{\"name\": null}"), "name", "not_nullable");
        assertFieldError(post("/v1/territories", "{\"name\": null}"), "name", "not_nullable");
        assertFieldError(post("/v1/users", "{\"email\": null, \"role\": \"csm\", \"locale\": \"en\", "
                + "\"timezone\": \"UTC\"}"), "email", "not_nullable");
        assertFieldError(http().patch("/v1/users/usr_01JD3ZZZZZZZZZZZZZZZZZZZZZ/role").token(ws.token())
                .json("{\"role\": null}").send(), "role", "not_nullable");
        assertFieldError(post("/v1/api-keys", "{\"name\": \"k\", \"role\": null, \"scopes\": [\"customers:read\"]}"),
                "role", "not_nullable");
        assertFieldError(post("/v1/webhook-subscriptions", "{\"url\": null, \"events\": [\"*\"]}"), "url", "not_nullable");
        assertFieldError(post("/v1/webhook-subscriptions/whk_01JD3KAA1B2C3D4E5F6G7H8J9K/replay", "{\"since\": null}"),
                "since", "not_nullable");
        assertFieldError(post("/v1/customers/" + customer + "/contacts", "{\"name\": \"Ana\", \"email\": null}"),
                "email", "not_nullable");
        assertFieldError(post("/v1/customers/bulk-import", "{\"customers\": null}"), "customers", "not_nullable");
        assertFieldError(post("/v1/events", "{\"events\": null}"), "events", "not_nullable");
        assertFieldError(http().post("/v1/workspaces").token(OPERATOR_TOKEN).json("{\"name\": null, \"tier\": \"growth\"}")
                .send(), "name", "not_nullable");
        // absent, it is required
        assertFieldError(post("/v1/segments", "{}"), "name", "required");
        assertFieldError(post("/v1/customers/bulk-import", "{}"), "customers", "required");
        assertFieldError(post("/v1/events", "{}"), "events", "required");

        assertThat(get("/v1/segments").json().path("data").size()).isZero();
        assertThat(get("/v1/territories").json().path("data").size()).isZero();
        assertThat(get("/v1/users").json().path("data").size()).isZero();
        assertThat(get("/v1/api-keys").json().path("data").size()).isEqualTo(1);
        assertThat(get("/v1/webhook-subscriptions").json().path("data").size()).isZero();
        assertThat(get("/v1/customers/" + customer + "/contacts").json().path("data").size()).isZero();
    }

    /** docs/conventions.md: a list of too few or too many items is invalid_length, whatever the endpoint. */
    @Test
    void aListOfTooFewOrTooManyItemsIsInvalidLengthAndChangesNothing() {
        String action = "{\"type\": \"create_task\", \"title\": \"Call\", \"assignee\": \"owner\"}";
        String playbook = "{\"name\": \"p\", \"trigger\": {\"type\": \"event\", \"event_type\": \"customer.created\"}, "
                + "\"actions\": [%s]}";
        assertFieldError(post("/v1/playbooks", playbook.formatted("")), "actions", "invalid_length");
        assertFieldError(post("/v1/playbooks", playbook.formatted(String.join(", ", Collections.nCopies(21, action)))),
                "actions", "invalid_length");
        assertFieldError(post("/v1/api-keys", "{\"name\": \"k\", \"role\": \"viewer\", \"scopes\": []}"),
                "scopes", "invalid_length");
        assertFieldError(post("/v1/webhook-subscriptions", "{\"url\": \"https://hooks.example.com/x\", \"events\": []}"),
                "events", "invalid_length");
        assertFieldError(post("/v1/customers/bulk-import", "{\"customers\": []}"), "customers", "invalid_length");

        assertThat(get("/v1/playbooks").json().path("data").size()).isZero();
        assertThat(get("/v1/api-keys").json().path("data").size()).isEqualTo(1);
        assertThat(get("/v1/webhook-subscriptions").json().path("data").size()).isZero();
    }

    @Test
    void anOptionalMemberSentAsNullIsNotNullableNotTakenForAbsent() {
        String customer = customer("acme.com");
        String invite = "{\"email\": \"a@acme.com\", \"role\": \"csm\", \"locale\": \"en\", \"timezone\": \"UTC\"%s}";
        assertFieldError(post("/v1/users", invite.formatted(", \"initial_territory_ids\": null")),
                "initial_territory_ids", "not_nullable");
        assertFieldError(post("/v1/api-keys", "{\"name\": \"k\", \"role\": \"viewer\", \"scopes\": [\"customers:read\"], "
                + "\"user_id\": null}"), "user_id", "not_nullable");
        assertFieldError(post("/v1/customers/" + customer + "/contacts", "{\"name\": \"Ana\", \"email\": \"ana@acme.com\", "
                + "\"is_champion\": null}"), "is_champion", "not_nullable");
        assertThat(get("/v1/users").json().path("data").size()).isZero();
        assertThat(get("/v1/api-keys").json().path("data").size()).isEqualTo(1);
        assertThat(get("/v1/customers/" + customer + "/contacts").json().path("data").size()).isZero();

        // absent, each takes its default; a clearable member may be null on a create too
        Response invited = post("/v1/users", invite.formatted(""));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        assertThat(invited.json().path("territory_ids").size()).isZero();
        Response contact = post("/v1/customers/" + customer + "/contacts", "{\"name\": \"Ana\", \"email\": \"ana@acme.com\", "
                + "\"title\": null}");
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        assertThat(contact.json().path("is_champion").asBoolean()).isFalse();
    }

    @Test
    void aNullInAListOfIdsIs400NamingTheItemAndChangesNothing() {
        assertFieldError(post("/v1/users", "{\"email\": \"a@acme.com\", \"role\": \"csm\", \"locale\": \"en\", "
                + "\"timezone\": \"UTC\", \"initial_territory_ids\": [null]}"), "initial_territory_ids[0]", "invalid_type");
        assertFieldError(post("/v1/api-keys", "{\"name\": \"k\", \"role\": \"viewer\", \"scopes\": [\"customers:read\", null]}"),
                "scopes[1]", "invalid_type");
        assertFieldError(post("/v1/webhook-subscriptions", "{\"url\": \"https://hooks.example.com/x\", \"events\": [null]}"),
                "events[0]", "invalid_type");
        assertThat(get("/v1/users").json().path("data").size()).isZero();
        assertThat(get("/v1/api-keys").json().path("data").size()).isEqualTo(1);
        assertThat(get("/v1/webhook-subscriptions").json().path("data").size()).isZero();
    }

    @Test
    void aBodyIsOneJsonValueWithEachMemberOnce() {
        String customer = customer("acme.com");
        for (String trailing : List.of(" xx", "{}", " {\"name\": \"B\"}", " 1", " null")) {
            assertProblem(post("/v1/customers", "{\"name\": \"A\", \"email_domain\": \"tg.com\"}" + trailing), 400,
                    "malformed_json");
        }
        assertProblem(http().patch("/v1/customers/" + customer).token(ws.token()).json("{\"name\": \"B\"} []").send(), 400,
                "malformed_json");
        assertFieldError(post("/v1/customers", "{\"name\": \"A\", \"name\": \"B\", \"email_domain\": \"d.com\"}"),
                "name", "duplicate_field");
        assertFieldError(post("/v1/customers", "{\"name\": \"A\", \"email_domain\": \"d.com\", \"custom_fields\": "
                + "{\"tier\": 1, \"tier\": 2}}"), "custom_fields.tier", "duplicate_field");
        assertFieldError(post("/v1/playbooks", "{\"name\": \"p\", \"trigger\": {\"type\": \"event\", \"event_type\": "
                + "\"customer.created\"}, \"actions\": [{\"type\": \"create_task\", \"title\": \"t\", \"title\": \"u\", "
                + "\"assignee\": \"owner\"}]}"), "actions[0].title", "duplicate_field");
        assertFieldError(http().patch("/v1/customers/" + customer).token(ws.token())
                .json("{\"arr\": 1, \"arr\": 2}").send(), "arr", "duplicate_field");

        assertThat(get("/v1/customers").json().path("data").size()).isEqualTo(1);
        assertThat(get("/v1/customers/" + customer).json().path("version").asInt()).isEqualTo(1);
        assertThat(get("/v1/playbooks").json().path("data").size()).isZero();
    }

    /**
     * A member's name past Jackson's limit (50,000 characters) is valid JSON: an unknown field like a shorter one, a
     * custom field's key of the wrong format, and in a bulk import the row's error, not the job's.
     */
    @Test
    void aMemberNameLongerThanTheParsersLimitIsAnUnknownFieldNotMalformedJson() {
        String longName = "k".repeat(50_001);
        assertFieldError(post("/v1/customers", "{\"name\": \"A\", \"email_domain\": \"long.com\", \"" + longName + "\": 1}"),
                longName, "unknown_field");
        assertFieldError(post("/v1/customers", "{\"name\": \"A\", \"email_domain\": \"long.com\", \"custom_fields\": {\""
                + longName + "\": 1}}"), "custom_fields." + longName, "invalid_format");
        assertThat(get("/v1/customers").json().path("data").size()).isZero();

        // sent raw: the tests' OpenAPI validator cannot parse a name past Jackson's limit itself
        byte[] rows = ("{\"customers\": [{\"name\": \"A\", \"email_domain\": \"long.com\", \"" + longName + "\": 1}, "
                + "{\"name\": \"B\", \"email_domain\": \"b.com\"}]}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response imported = RawHttp.send(port, "POST /v1/customers/bulk-import HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + ws.token() + "\r\nContent-Type: application/json\r\nContent-Length: "
                + rows.length + "\r\nConnection: close\r\n\r\n" + new String(rows, StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(202);
        String job = imported.json().path("job_id").asText();
        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            done[0] = get("/v1/jobs/" + job).json();
            return "completed".equals(done[0].path("status").asText());
        });
        assertThat(done[0].path("created").asInt()).isEqualTo(1);
        assertThat(done[0].path("errors").get(0).path("row").asInt()).isZero();
        assertThat(done[0].path("errors").get(0).path("code").asText()).isEqualTo("unknown_field");
    }

    @Test
    void aNumberOfThousandsOfDigitsIsOutOfRangeNamingItsField() {
        String digits = "9".repeat(5000);
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"arr\": " + digits + "}"),
                "arr", "out_of_range");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"custom_fields\": {\"n\": 0."
                + digits + "}}"), "custom_fields.n", "out_of_range");
        assertFieldError(post("/v1/playbooks", "{\"name\": \"p\", \"trigger\": {\"type\": \"renewal\", \"days_before\": "
                + digits + "}, \"actions\": [{\"type\": \"create_task\", \"title\": \"t\", \"assignee\": \"owner\"}]}"),
                "trigger.days_before", "out_of_range");
        assertThat(get("/v1/customers").json().path("data").size()).isZero();
    }

    @Test
    void aBodyNestedAsDeepAsTheParserAllowsIsRefusedNamingItsFieldNotA500() {
        // the body nests 1000 levels, the parser's limit: a recursive walk of them overflowed the stack of a request's
        // thread (a 500), depending on how the JIT had compiled it by then, so each body is sent several times
        String deep = "{\"a\": ".repeat(998) + "1" + "}".repeat(998);
        String playbook = "{\"name\": \"p\", \"description\": " + deep + ", \"trigger\": {\"type\": \"renewal\", "
                + "\"days_before\": 3}, \"actions\": [{\"type\": \"set_custom_field\", \"key\": \"k\", \"value\": 1}]}";
        String array = "[".repeat(999) + "]".repeat(999);
        for (int i = 0; i < 10; i++) {
            assertFieldError(post("/v1/playbooks", playbook), "description", "invalid_type");
            assertFieldError(http().patch("/v1/health/model").token(ws.token()).json("{\"thresholds\": " + deep + "}").send(),
                    "thresholds.a", "unknown_field");
            assertFieldError(http().patch("/v1/health/model").token(ws.token()).json("{\"dimensions\": " + array + "}").send(),
                    "dimensions[0]", "invalid_type");
        }
        assertThat(get("/v1/playbooks").json().path("data").size()).isZero();
        assertThat(get("/v1/health/model").json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aBodyNestedDeeperThanTheParserReadsIsRefusedNamingTheValueThatHoldsIt() {
        String deeper = "{\"a\": ".repeat(2000) + "1" + "}".repeat(2000);
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"email_domain\": \"a.com\", \"custom_fields\": "
                + deeper + "}"), "custom_fields.a", "invalid_value");
        assertFieldError(post("/v1/customers", "{\"name\": \"a\", \"custom_fields\": " + "[".repeat(1500)
                + "]".repeat(1500) + "}"), "custom_fields[0]", "invalid_value");
        assertThat(get("/v1/customers").json().path("data").size()).isZero();
    }

    @Test
    void queryParametersMustBeUtf8() {
        customer("acme.com");
        // the UTF-8-like bytes of surrogates, a lone byte that starts no character, an overlong encoding of '/'
        assertFieldError(get("/v1/customers?q=a%ED%A0%80b"), "q", "invalid_value");
        assertFieldError(get("/v1/territories?x=%ED%B0%80"), "x", "invalid_value");
        assertFieldError(get("/v1/customers?q=%FF"), "q", "invalid_value");
        assertFieldError(get("/v1/customers?q=%C0%AF"), "q", "invalid_value");
        assertFieldError(get("/v1/customers?x%ED%A0%80=1"), "x%ED%A0%80", "invalid_value");
        assertFieldError(get("/v1/customers?q=%E2%82"), "q", "invalid_value");

        Response accented = get("/v1/customers?q=%C3%A1c%F0%9F%98%80+me");
        assertThat(accented.status()).as(accented.toString()).isEqualTo(200);
        assertThat(get("/v1/customers?q=acm%65").json().path("data").size()).isEqualTo(1);
    }

    @Test
    void aPlaybookActionWithoutTypeIs400NamingIt() {
        Response response = post("/v1/playbooks", "{\"name\": \"p\", \"trigger\": {\"type\": \"event\", \"event_type\": "
                + "\"customer.created\"}, \"actions\": [{\"title\": \"t\"}]}");
        assertFieldError(response, "actions[0].type", "required");
    }
}
