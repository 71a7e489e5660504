package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.CapturedLog;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refused requests leave no personal data in the log and no warning: every log line written while they are answered
 * (Axon's included) is searched for the values sent.
 */
class PersonalDataInLogsApiTest extends ApiTest {

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void refusedRequestsLogNeitherWarningsNorTheValuesSent() {
        Workspace ws = newWorkspace();
        String secret = UUID.randomUUID().toString().substring(0, 8);
        String domain = "pii-" + secret + ".example.com";
        String ownerEmail = "owner-" + secret + "@example.com";
        String contactEmail = "contact-" + secret + "@example.com";
        String name = "Persona " + secret;

        Response first = http().post("/v1/customers").token(ws.token())
                .json(Map.of("name", name, "email_domain", domain)).send();
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String id = first.json().path("id").asText();
        List<Response> refused = List.of(
                http().post("/v1/customers").token(ws.token()).json(Map.of("name", name, "email_domain", domain)).send(),
                http().post("/v1/customers").token(ws.token())
                        .json(Map.of("name", name, "email_domain", "other-" + domain, "owner_email", ownerEmail)).send(),
                http().post("/v1/customers").token(ws.token()).json(Map.of("name", name, "email_domain",
                        "past-" + domain, "renewal_date", LocalDate.now(ZoneOffset.UTC).minusDays(3).toString())).send(),
                addContact(ws, id, contactEmail, true),
                http().patch("/v1/customers/" + id).token(newWorkspace().token()).json(Map.of("name", name)).send(),
                http().get("/v1/customers/cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ/history").token(ws.token()).send(),
                http().get("/v1/../v1/users/" + ownerEmail).token(ws.token()).send());
        assertThat(refused).extracting(Response::status).containsExactly(409, 422, 422, 409, 404, 404, 404);
        assertThat(refused.get(0).rawBody()).contains(domain); // the caller is told, the log is not

        List<String> lines = log.lines();
        for (String value : List.of(secret, domain, ownerEmail, contactEmail, name)) {
            assertThat(lines).as(value).noneMatch(line -> line.contains(value));
        }
        assertThat(log.events()).as("warnings").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                && CapturedLog.text(e).contains("DomainRejection"));
    }

    /**
     * An event processor logs the failure of a batch with its exception before the failing event is isolated, and
     * PostgreSQL quotes the value it refused: the line is logged with the classes, SQLState and stack trace, not the
     * value. Logged here the way Axon's tracking processor logs it, both forms of SLF4J's throwable.
     */
    @Test
    void aFailureLoggedWithItsExceptionKeepsItsClassesAndStackButNoValue() {
        String domain = "pii-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        java.sql.SQLException refused = new java.sql.SQLException("ERROR: duplicate key value violates unique "
                + "constraint \"customer_claim_pkey\"\n  Detail: Key (email_domain)=(" + domain + ") already exists.", "23505");
        RuntimeException failure = new RuntimeException("Could not store " + domain, refused);
        org.slf4j.Logger processor = org.slf4j.LoggerFactory.getLogger("org.axonframework.eventhandling.TrackingEventProcessor");

        processor.warn("Error occurred. Starting retry mode.", failure);
        processor.info("Releasing claim on token and preparing for retry in {}s", 1, failure);

        List<String> lines = log.lines().stream().filter(line -> line.contains("TrackingEventProcessor")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(domain)
                .contains("RuntimeException: Could not store …", "SQLException (SQLState 23505): ERROR: duplicate key value",
                        "PersonalDataInLogsApiTest.aFailureLoggedWithItsExceptionKeepsItsClassesAndStackButNoValue"));
        assertThat(lines.get(1)).contains("preparing for retry in 1s");
    }

    private Response addContact(Workspace ws, String customer, String email, boolean twice) {
        Response added = http().post("/v1/customers/" + customer + "/contacts").token(ws.token())
                .json(Map.of("name", "Ana", "email", email)).send();
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return twice ? http().post("/v1/customers/" + customer + "/contacts").token(ws.token())
                .json(Map.of("name", "Ana Bis", "email", email)).send() : added;
    }
}
