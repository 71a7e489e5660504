package com.lealup.app.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** POST /v1/customers/bulk-import (JSON and CSV) and GET /v1/jobs/{id}, over real HTTP. */
class BulkImportApiTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;

    private Workspace ws;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    static Map<String, Object> customer(String name, String domain) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("email_domain", domain);
        row.put("arr", 1200);
        row.put("renewal_date", LocalDate.now(ZoneOffset.UTC).plusMonths(3).toString());
        row.put("custom_fields", Map.of("tier", "gold"));
        return row;
    }

    private static Map<String, Object> with(Map<String, Object> row, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(row);
        copy.put(key, value);
        return copy;
    }

    private Response post(Map<String, Object> body) {
        return http().post("/v1/customers/bulk-import").token(ws.token()).json(body).send();
    }

    private JsonNode runJob(Map<String, Object> body) {
        Response accepted = post(body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return completed(accepted);
    }

    private JsonNode completed(Response accepted) {
        String jobId = accepted.json().path("job_id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/v1/jobs/" + jobId);
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response got = http().get("/v1/jobs/" + jobId).token(ws.token()).send();
            job[0] = got.json();
            return got.status() == 200 && "completed".equals(job[0].path("status").asText());
        });
        // a completed job's customers are stored; the customers read model shows them once it has caught up
        awaitProcessorsCaughtUp();
        return job[0];
    }

    private JsonNode customerByDomain(String domain) {
        Response list = http().get("/v1/customers?q=" + domain).token(ws.token()).send();
        assertThat(list.status()).isEqualTo(200);
        return StreamSupport.stream(list.json().path("data").spliterator(), false)
                .filter(c -> c.path("email_domain").asText().equals(domain)).findFirst().orElse(null);
    }

    private static List<String> errorsOf(JsonNode job, int row) {
        List<String> errors = new ArrayList<>();
        job.path("errors").forEach(e -> {
            if (e.path("row").asInt() == row) {
                errors.add(e.path("field").asText() + ":" + e.path("code").asText());
            }
        });
        return errors;
    }

    @Test
    void importsJsonRowsAsOrdinaryCustomersWhoseHistoryNamesTheImport() {
        Response accepted = post(Map.of("customers", List.of(customer("Acme", "acme.com"), customer("Globex", "globex.com"),
                customer("Initech", "initech.com"))));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().path("job_id").asText()).matches("job_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(accepted.json().path("status").asText()).isIn("queued", "running", "completed");
        JsonNode job = completed(accepted);
        assertThat(job.path("id").asText()).isEqualTo(accepted.json().path("job_id").asText());
        assertThat(job.path("type").asText()).isEqualTo("customer_import");
        assertThat(job.path("total").asInt()).isEqualTo(3);
        assertThat(job.path("processed").asInt()).isEqualTo(3);
        assertThat(job.path("created").asInt()).isEqualTo(3);
        assertThat(job.path("failed").asInt()).isZero();
        assertThat(job.path("errors").size()).isZero();
        // its version: started, one chunk, completed; a poll that names it is 304
        String location = "/v1/jobs/" + job.path("id").asText();
        assertThat(http().get(location).token(ws.token()).send().header("ETag")).isEqualTo("\"3\"");
        assertThat(http().get(location).token(ws.token()).header("If-None-Match", "\"3\"").send().status()).isEqualTo(304);
        assertThat(http().get(location).token(ws.token()).header("If-None-Match", "*").send().status()).isEqualTo(304);
        assertThat(http().get(location).token(ws.token()).header("If-None-Match", "\"1\"").send().status()).isEqualTo(200);
        assertThat(job.path("completed_at").asText()).endsWith("Z");

        JsonNode acme = customerByDomain("acme.com");
        assertThat(acme).isNotNull();
        assertThat(acme.path("name").asText()).isEqualTo("Acme");
        assertThat(acme.path("custom_fields").path("tier").asText()).isEqualTo("gold");
        assertThat(acme.path("currency").asText()).isEqualTo("USD");
        JsonNode history = http().get("/v1/customers/" + acme.path("id").asText() + "/history").token(ws.token())
                .send().json().path("data").get(0);
        assertThat(history.path("type").asText()).isEqualTo("customer.created");
        assertThat(history.path("actor").path("type").asText()).isEqualTo("import");
        assertThat(history.path("actor").path("id").asText()).isEqualTo(job.path("id").asText());
        assertThat(history.path("trace_id").asText()).isEqualTo(accepted.header("X-Trace-Id"));
        // each new customer's data key, made with its chunk (in one statement), is the one that sealed its events
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM customer_key k JOIN customer_email_domain_claim c USING (customer_id)
                        WHERE c.workspace_id = ? AND k.wrapped_key IS NOT NULL""")
                .params(ws.id()).query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void playbooksTreatImportedCustomersAsCreatedByHand() {
        Response playbook = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Welcome",
                "trigger", Map.of("type", "event", "event_type", "customer.created"),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "onboarding", "value", "started")),
                "enabled", true)).send();
        assertThat(playbook.status()).as(playbook.toString()).isEqualTo(201);

        runJob(Map.of("customers", List.of(customer("Acme", "acme.com"), customer("Globex", "globex.com"))));

        for (String domain : List.of("acme.com", "globex.com")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "started".equals(
                    customerByDomain(domain).path("custom_fields").path("onboarding").asText()));
        }
    }

    @Test
    void aBadRowFailsAloneWithTheCodesOfASingleCreate() {
        String past = LocalDate.now(ZoneOffset.UTC).minusDays(3).toString();
        Map<String, Object> missingName = customer("x", "noname.com");
        missingName.remove("name");
        JsonNode job = runJob(Map.of("customers", List.of(
                customer("Good", "good.com"),
                with(customer("Negative", "negative.com"), "arr", -5),
                with(customer("Past", "past.com"), "renewal_date", past),
                with(customer("Owner", "owner.com"), "owner_email", "nobody@owner.com"),
                missingName,
                customer("Twin", "good.com"),
                with(customer("Typed", "typed.com"), "arr", "100"),
                with(customer("Unknown", "unknown.com"), "colour", "red"),
                customer("Last", "last.com"),
                // the first row of a domain is refused: its claim is freed for the next row naming the domain
                with(customer("Orphan", "twice.com"), "owner_email", "nobody@twice.com"),
                customer("Twice", "twice.com"))));

        assertThat(job.path("total").asInt()).isEqualTo(11);
        assertThat(job.path("created").asInt()).isEqualTo(3);
        assertThat(job.path("failed").asInt()).isEqualTo(8);
        assertThat(errorsOf(job, 9)).containsExactly("owner_email:unknown_owner");
        assertThat(customerByDomain("twice.com").path("name").asText()).isEqualTo("Twice");
        assertThat(errorsOf(job, 0)).isEmpty();
        assertThat(errorsOf(job, 1)).containsExactly("arr:must_be_positive");
        assertThat(errorsOf(job, 2)).containsExactly("renewal_date:renewal_date_in_past");
        assertThat(errorsOf(job, 3)).containsExactly("owner_email:unknown_owner");
        assertThat(errorsOf(job, 4)).containsExactly("name:required");
        assertThat(errorsOf(job, 5)).containsExactly("email_domain:duplicate_email_domain");
        assertThat(errorsOf(job, 6)).containsExactly("arr:invalid_type");
        assertThat(errorsOf(job, 7)).containsExactly("colour:unknown_field");
        assertThat(job.path("errors").get(0).path("message").asText()).isNotBlank();
        assertThat(customerByDomain("good.com").path("name").asText()).isEqualTo("Good");
        assertThat(customerByDomain("last.com")).isNotNull();
        assertThat(customerByDomain("negative.com")).isNull();
    }

    /** A row of many bad fields reports its first ten: the job stays one answer of a readable size. */
    @Test
    void aRowReportsItsFirstTenErrors() {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            fields.put("k" + i, 1e15);
        }
        JsonNode job = runJob(Map.of("customers", List.of(with(with(customer("Many", "many.com"), "arr", -1),
                "custom_fields", fields))));

        assertThat(job.path("failed").asInt()).isEqualTo(1);
        List<String> errors = errorsOf(job, 0);
        assertThat(errors).hasSize(10).doesNotHaveDuplicates().allMatch(e -> e.equals("arr:must_be_positive")
                || e.startsWith("custom_fields.k") && e.endsWith(":out_of_range"));
    }

    /**
     * A customer in the trash holds its domain: each mode answers its row as the single request would (a create: 409
     * naming it; a PATCH: 404).
     */
    @Test
    void aRowMatchingACustomerInTheTrashIsAnsweredAsTheSingleRequestWouldBe() {
        Response existing = http().post("/v1/customers").token(ws.token()).json(customer("Binned", "binned.com"))
                .send();
        assertThat(existing.status()).isEqualTo(201);
        String binnedId = existing.json().path("id").asText();
        assertThat(http().delete("/v1/customers/" + binnedId).token(ws.token()).send().status()).isEqualTo(204);
        Map<String, Object> row = customer("Binned Again", "binned.com");

        JsonNode failed = runJob(Map.of("customers", List.of(row), "conflict_resolution", "fail"));
        assertThat(errorsOf(failed, 0)).containsExactly("email_domain:duplicate_email_domain");
        assertThat(failed.path("errors").get(0).path("message").asText()).contains(binnedId);
        JsonNode skipped = runJob(Map.of("customers", List.of(row), "conflict_resolution", "skip"));
        assertThat(skipped.path("skipped").asInt()).isEqualTo(1);
        // a job that may create finds the domain taken, as a create would; an update-only one, no customer to update
        for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of("conflict_resolution", "overwrite"),
                Map.of("mode", "create_or_update"), Map.of("mode", "update"))) {
            Map<String, Object> body = new HashMap<>(options);
            body.put("customers", List.of(row));
            JsonNode job = runJob(body);
            boolean updateOnly = "update".equals(options.get("mode"));
            assertThat(errorsOf(job, 0)).as(options.toString()).containsExactly(updateOnly ? "email_domain:not_found"
                    : "email_domain:duplicate_email_domain");
            if (!updateOnly) {
                assertThat(job.path("errors").get(0).path("message").asText()).contains(binnedId);
            }
        }
        assertThat(customerByDomain("binned.com")).isNull();
        Response restored = http().post("/v1/customers/" + binnedId + "/restore").token(ws.token()).send();
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json().path("name").asText()).isEqualTo("Binned");
    }

    @Test
    void conflictsAreSkippedOverwrittenAsAPatchOrReported() {
        Response existing = http().post("/v1/customers").token(ws.token())
                .json(customer("Acme Original", "acme.com")).send();
        assertThat(existing.status()).isEqualTo(201);
        String acmeId = existing.json().path("id").asText();
        Map<String, Object> rename = Map.of("name", "Acme Renamed", "email_domain", "acme.com",
                "custom_fields", Map.of("region", "emea"));

        JsonNode skipped = runJob(Map.of("customers", List.of(rename), "conflict_resolution", "skip"));
        assertThat(skipped.path("skipped").asInt()).isEqualTo(1);
        assertThat(customerByDomain("acme.com").path("name").asText()).isEqualTo("Acme Original");

        JsonNode failed = runJob(Map.of("customers", List.of(rename), "conflict_resolution", "fail"));
        assertThat(failed.path("failed").asInt()).isEqualTo(1);
        assertThat(errorsOf(failed, 0)).containsExactly("email_domain:duplicate_email_domain");
        assertThat(failed.path("errors").get(0).path("message").asText()).contains(acmeId);

        JsonNode overwritten = runJob(Map.of("customers", List.of(rename, customer("New", "new.com")),
                "conflict_resolution", "overwrite"));
        assertThat(overwritten.path("updated").asInt()).isEqualTo(1);
        assertThat(overwritten.path("created").asInt()).isEqualTo(1);
        JsonNode acme = http().get("/v1/customers/" + acmeId).token(ws.token()).send().json();
        assertThat(acme.path("name").asText()).isEqualTo("Acme Renamed");
        // a merge: fields the row does not set are kept, custom fields merge key by key
        assertThat(acme.path("arr").asInt()).isEqualTo(1200);
        assertThat(acme.path("custom_fields").path("tier").asText()).isEqualTo("gold");
        assertThat(acme.path("custom_fields").path("region").asText()).isEqualTo("emea");
        assertThat(acme.path("version").asInt()).isEqualTo(2);

        // match on id: update mode changes the customer it names; an id that names none is not_found
        JsonNode byId = runJob(Map.of("mode", "update", "match_on", "id", "customers", List.of(
                Map.of("id", acmeId, "arr", 5000), Map.of("id", "cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ", "arr", 1),
                Map.of("arr", 7))));
        assertThat(byId.path("updated").asInt()).isEqualTo(1);
        assertThat(errorsOf(byId, 1)).containsExactly("id:not_found");
        assertThat(errorsOf(byId, 2)).containsExactly("id:required");
        assertThat(http().get("/v1/customers/" + acmeId).token(ws.token()).send().json().path("arr").asInt())
                .isEqualTo(5000);
        // create mode on id: a row naming an existing customer is a conflict whatever else it lacks (no domain here)
        Map<String, Object> partial = Map.of("id", acmeId, "arr", 6000);
        JsonNode skippedById = runJob(Map.of("match_on", "id", "conflict_resolution", "skip", "customers",
                List.of(partial)));
        assertThat(skippedById.path("skipped").asInt()).as(skippedById.toString()).isEqualTo(1);
        JsonNode failedById = runJob(Map.of("match_on", "id", "customers", List.of(partial)));
        assertThat(errorsOf(failedById, 0)).containsExactly("id:duplicate_id");
        JsonNode overwrittenById = runJob(Map.of("match_on", "id", "conflict_resolution", "overwrite", "customers",
                List.of(partial)));
        assertThat(overwrittenById.path("updated").asInt()).isEqualTo(1);
        assertThat(http().get("/v1/customers/" + acmeId).token(ws.token()).send().json().path("arr").asInt())
                .isEqualTo(6000);

        // update mode: a row matching no customer is not_found; create_or_update creates it
        JsonNode update = runJob(Map.of("mode", "update", "customers", List.of(customer("Nobody", "nobody.com"))));
        assertThat(errorsOf(update, 0)).containsExactly("email_domain:not_found");
        JsonNode upsert = runJob(Map.of("mode", "create_or_update", "customers", List.of(
                customer("Nobody", "nobody.com"), Map.of("email_domain", "acme.com", "status", "paused"))));
        assertThat(upsert.path("created").asInt()).isEqualTo(1);
        assertThat(upsert.path("updated").asInt()).isEqualTo(1);
        assertThat(customerByDomain("acme.com").path("status").asText()).isEqualTo("paused");
    }

    /**
     * API.md: a row matching an existing customer is a conflict in create_or_update mode too. The seed's own example
     * (create_or_update with skip) creates the new customers and leaves the existing ones; without a
     * conflict_resolution the mode updates its matches.
     */
    @Test
    void inCreateOrUpdateModeAMatchIsAConflictResolvedAsAsked() {
        assertThat(http().post("/v1/customers").token(ws.token()).json(customer("Acme", "acme.com")).send().status())
                .isEqualTo(201);
        JsonNode seedExample = runJob(Map.of("mode", "create_or_update", "conflict_resolution", "skip", "customers",
                List.of(customer("Newco", "newco.com"), customer("Acme Renamed", "acme.com"))));
        assertThat(seedExample.path("created").asInt()).isEqualTo(1);
        assertThat(seedExample.path("skipped").asInt()).as(seedExample.toString()).isEqualTo(1);
        assertThat(customerByDomain("acme.com").path("name").asText()).isEqualTo("Acme");

        // a row that could not create a customer (no name) still names the one it matches: skipped as well
        Map<String, Object> partial = Map.of("email_domain", "acme.com", "arr", 9);
        for (String mode : List.of("create", "create_or_update")) {
            JsonNode skipped = runJob(Map.of("mode", mode, "conflict_resolution", "skip", "customers", List.of(partial)));
            assertThat(skipped.path("skipped").asInt()).as(mode + " " + skipped).isEqualTo(1);
        }
        assertThat(customerByDomain("acme.com").path("arr").asInt()).isNotEqualTo(9);

        JsonNode failing = runJob(Map.of("mode", "create_or_update", "conflict_resolution", "fail", "customers",
                List.of(customer("Acme Renamed", "acme.com"))));
        assertThat(errorsOf(failing, 0)).containsExactly("email_domain:duplicate_email_domain");
        assertThat(customerByDomain("acme.com").path("name").asText()).isEqualTo("Acme");

        JsonNode byDefault = runJob(Map.of("mode", "create_or_update", "customers", List.of(customer("Acme Renamed", "acme.com"))));
        assertThat(byDefault.path("updated").asInt()).isEqualTo(1);
        assertThat(customerByDomain("acme.com").path("name").asText()).isEqualTo("Acme Renamed");
    }

    /**
     * Two imports of the same new customers at once: each row is created by one and, in the other, matches it, a
     * conflict resolved as asked (skipped here), never a duplicate failure, whichever claims each domain first.
     */
    @Test
    void twoImportsOfTheSameNewCustomersAtOnceResolveTheirConflicts() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(customer("Twin " + i, "twin-" + i + ".com"));
        }
        Map<String, Object> body = Map.of("mode", "create_or_update", "conflict_resolution", "skip", "customers", rows);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<Response>> sent = clients.invokeAll(List.of(() -> post(body), () -> post(body)));
            int created = 0;
            for (Future<Response> accepted : sent) {
                JsonNode job = completed(accepted.get());
                assertThat(job.path("failed").asInt()).as("failed rows, the first: %s", job.path("errors").path(0)).isZero();
                assertThat(job.path("created").asInt() + job.path("skipped").asInt()).isEqualTo(300);
                created += job.path("created").asInt();
            }
            assertThat(created).as("each customer created once").isEqualTo(300);
        } finally {
            clients.shutdownNow();
        }
    }

    /** An overwrite row that repeats the customer's values changes nothing: skipped, no event, JSON and CSV alike. */
    @Test
    void anOverwriteThatChangesNothingIsSkippedAndWritesNoEvent() {
        Map<String, Object> acme = customer("Acme", "acme.com");
        Response existing = http().post("/v1/customers").token(ws.token()).json(acme).send();
        assertThat(existing.status()).as(existing.toString()).isEqualTo(201);
        String acmeId = existing.json().path("id").asText();

        JsonNode json = runJob(Map.of("customers", List.of(acme, with(acme, "email_domain", "new.com")),
                "conflict_resolution", "overwrite"));
        assertThat(json.path("skipped").asInt()).isEqualTo(1);
        assertThat(json.path("updated").asInt()).isZero();
        assertThat(json.path("created").asInt()).isEqualTo(1);
        // numbers compared by value, as a PATCH compares them
        String csv = "name,email_domain,arr,renewal_date,custom_fields.tier\r\n"
                + "Acme,acme.com,1200.00," + acme.get("renewal_date") + ",gold\r\n";
        JsonNode fromCsv = completed(http().post("/v1/customers/bulk-import?conflict_resolution=overwrite")
                .token(ws.token()).rawBody(csv, "text/csv").send());
        assertThat(fromCsv.path("skipped").asInt()).isEqualTo(1);
        assertThat(fromCsv.path("updated").asInt()).isZero();

        assertThat(http().get("/v1/customers/" + acmeId).token(ws.token()).send().json().path("version").asInt())
                .isEqualTo(1);
        JsonNode history = http().get("/v1/customers/" + acmeId + "/history").token(ws.token()).send().json();
        assertThat(history.path("data")).extracting(e -> e.path("type").asText()).containsExactly("customer.created");
    }

    /** An overwrite is the PATCH the row would be: owner_email null clears the owner, as owner_id null does. */
    @Test
    void anOverwriteClearsTheOwnerForANullOwnerEmail() {
        Response invited = http().post("/v1/users").token(ws.token()).json(Map.of("email", "owner@acme.com", "role", "csm",
                "locale", "es", "timezone", "America/Santiago")).send();
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        Response owned = http().post("/v1/customers").token(ws.token())
                .json(with(customer("Owned", "owned.com"), "owner_email", "owner@acme.com")).send();
        assertThat(owned.json().path("owner_id").asText()).isEqualTo(invited.json().path("id").asText());
        Map<String, Object> unowned = new HashMap<>();
        unowned.put("email_domain", "owned.com");
        unowned.put("owner_email", null);
        Map<String, Object> contradiction = new HashMap<>(unowned);
        contradiction.put("owner_id", invited.json().path("id").asText());

        JsonNode job = runJob(Map.of("customers", List.of(unowned, contradiction), "conflict_resolution", "overwrite"));

        assertThat(job.path("updated").asInt()).isEqualTo(1);
        assertThat(errorsOf(job, 1)).contains("owner_email:conflicting_fields");
        JsonNode customer = http().get("/v1/customers/" + owned.json().path("id").asText()).token(ws.token()).send().json();
        assertThat(customer.path("owner_id").isNull()).isTrue();
        assertThat(customer.path("version").asInt()).isEqualTo(2);
    }

    /** docs/customers.md: an overwrite row merges as a PATCH does, so it may not grow the custom fields past 100. */
    @Test
    void anOverwriteRowMayNotGrowTheCustomFieldsPastTheLimit() {
        Response existing = http().post("/v1/customers").token(ws.token())
                .json(with(customer("Acme", "acme.com"), "custom_fields", numbered("a", 60))).send();
        assertThat(existing.status()).as(existing.toString()).isEqualTo(201);
        String acmeId = existing.json().path("id").asText();

        JsonNode job = runJob(Map.of("conflict_resolution", "overwrite", "customers", List.of(
                Map.of("email_domain", "acme.com", "custom_fields", numbered("b", 60)),
                customer("Other", "other.com"))));
        assertThat(job.path("failed").asInt()).isEqualTo(1);
        assertThat(job.path("created").asInt()).isEqualTo(1);
        assertThat(errorsOf(job, 0)).containsExactly("custom_fields:too_many_custom_fields");
        JsonNode acme = http().get("/v1/customers/" + acmeId).token(ws.token()).send().json();
        assertThat(acme.path("custom_fields").size()).isEqualTo(60);
        assertThat(acme.path("version").asInt()).isEqualTo(1);
    }

    private static Map<String, Object> numbered(String prefix, int count) {
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < count; i++) {
            fields.put(prefix + i, i);
        }
        return fields;
    }

    @Test
    void importsCsvWithQueryOptionsQuotingAndCustomFields() {
        String csv = "name,email_domain,arr,status,custom_fields.tier,custom_fields.seats\r\n"
                + "\"Acme, Inc.\",acme.com,1200.50,active,gold,12\r\n"
                + "\"The \"\"Quoted\"\" Co\",quoted.com,,trial,,\r\n"
                + "Short,short.com\r\n"
                + "Bad,bad.com,lots,active,,\r\n"
                + "Zero,zero.com,0,,\"multi\nline\",true\n"
                + "\"Two\nLines\",two.com,,,,\r\n";
        Response accepted = http().post("/v1/customers/bulk-import?conflict_resolution=skip").token(ws.token())
                .rawBody(csv, "text/csv").send();

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode job = completed(accepted);
        assertThat(job.path("total").asInt()).isEqualTo(6);
        assertThat(job.path("created").asInt()).isEqualTo(3);
        assertThat(errorsOf(job, 2)).containsExactly("null:invalid_format");
        assertThat(errorsOf(job, 3)).containsExactly("arr:invalid_type");
        assertThat(errorsOf(job, 5)).as("a name is one line, as in a single create").containsExactly("name:invalid_value");
        JsonNode acme = customerByDomain("acme.com");
        assertThat(acme.path("name").asText()).isEqualTo("Acme, Inc.");
        assertThat(acme.path("arr").decimalValue()).isEqualByComparingTo("1200.50");
        assertThat(acme.path("custom_fields").path("seats").isNumber()).isTrue();
        assertThat(customerByDomain("quoted.com").path("name").asText()).isEqualTo("The \"Quoted\" Co");
        assertThat(customerByDomain("zero.com").path("custom_fields").path("tier").asText()).isEqualTo("multi\nline");
        assertThat(customerByDomain("zero.com").path("custom_fields").path("seats").asBoolean()).isTrue();

        // the same file again: every row conflicts and is skipped
        JsonNode again = completed(http().post("/v1/customers/bulk-import?conflict_resolution=skip").token(ws.token())
                .rawBody(csv, "text/csv").send());
        assertThat(again.path("skipped").asInt()).isEqualTo(3);
        assertThat(again.path("created").asInt()).isZero();
    }

    @Test
    void refusesWhatIsNoImport() {
        ws = http().createWorkspace(OPERATOR_TOKEN, "scale"); // more refusals than the growth tier's 10 an hour
        List<Map<String, Object>> rows = IntStream.range(0, 1001).mapToObj(i -> customer("C" + i, "c" + i + ".com")).toList();
        Response tooMany = post(Map.of("customers", rows));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(413);
        assertThat(tooMany.json().path("type").asText()).endsWith("/batch_too_large");

        Response text = http().post("/v1/customers/bulk-import").token(ws.token()).rawBody("hello", "text/plain").send();
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().path("detail").asText()).as("the two forms it takes")
                .isEqualTo("The request body must be application/json or text/csv");
        assertField(post(Map.of("customers", List.of())), "customers", "invalid_length");
        assertField(post(Map.of()), "customers", "required");
        assertField(post(Map.of("customers", List.of(customer("A", "a.com")), "mode", "merge")), "mode", "unknown_value");
        assertField(post(Map.of("customers", List.of(customer("A", "a.com")), "colour", "red")), "colour", "unknown_field");
        assertField(post(Map.of("customers", "all")), "customers", "invalid_type");
        assertField(http().post("/v1/customers/bulk-import?match_on=name").token(ws.token())
                .rawBody("name\nA\n", "text/csv").send(), "match_on", "unknown_value");
        assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,colour\nA,red\n", "text/csv").send(), "colour", "unknown_field");
        // columns no cell can fill: every row would fail alike, so the file is refused
        assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,custom_fields\nA,x\n", "text/csv").send(), "custom_fields", "unknown_field");
        for (String key : List.of("custom_fields.", "custom_fields.a b", "custom_fields.1st")) {
            assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                    .rawBody("name," + key + "\nA,x\n", "text/csv").send(), key, "invalid_format");
        }
        // a CSV is UTF-8: another charset it says it is in is refused, not read as UTF-8
        for (String charset : List.of("iso-8859-1", "foo")) {
            Response latin = http().post("/v1/customers/bulk-import").token(ws.token())
                    .rawBody("name,email_domain\nA,a.com\n", "text/csv; charset=" + charset).send();
            assertThat(latin.status()).as(latin.toString()).isEqualTo(415);
        }
        // a column twice is a member sent twice
        assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,email_domain,name\nA,a.com,B\n", "text/csv").send(), "name", "duplicate_field");
        assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name\n\"A\n", "text/csv").send(), "body", "invalid_format");
        // an empty CSV is a CSV without its header row, not a missing JSON body
        Response empty = http().post("/v1/customers/bulk-import").token(ws.token()).rawBody("", "text/csv").send();
        assertField(empty, "body", "required");
        assertThat(empty.json().path("detail").asText()).contains("CSV");
        assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody(new byte[] {'n', 'a', 'm', 'e', '\n', (byte) 0xff, '\n'}, "text/csv").send(), "body", "invalid_value");
        Response nul = http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,email_domain\nA\u0000B,nul.com\n", "text/csv").send();
        assertField(nul, "body", "invalid_value");
        assertThat(nul.json().path("errors").get(0).path("message").asText()).contains("Line 2").contains("U+0000");
        // a lone surrogate's bytes write no character: not UTF-8, on its line
        byte[] surrogate = {'n', 'a', 'm', 'e', '\r', '\n', 'A', '\n', 'S', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'};
        Response lone = http().post("/v1/customers/bulk-import").token(ws.token()).rawBody(surrogate, "text/csv").send();
        assertField(lone, "body", "invalid_value");
        assertThat(lone.json().path("errors").get(0).path("message").asText()).startsWith("Line 3 ").contains("UTF-8");

        // the path is the import's alone: no GET of a customer 'bulk-import' (docs/conventions.md, 405)
        Response get = http().get("/v1/customers/bulk-import").token(ws.token()).send();
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow").split(", *")).containsExactlyInAnyOrder("POST", "OPTIONS");
    }

    @Test
    void theCsvFormsQueryOptionsOnAJsonImportAreRefusedNotIgnored() {
        // ignored, ?mode=update would have run in create mode and created the customer
        Response update = http().post("/v1/customers/bulk-import?mode=update").token(ws.token())
                .json(Map.of("customers", List.of(customer("Q", "qopt.com")))).send();
        assertField(update, "mode", "unknown_field");
        assertThat(update.json().path("detail").asText())
                .isEqualTo("The query parameter mode is the CSV import's option; a JSON import takes mode in its body");
        Response both = http().post("/v1/customers/bulk-import?conflict_resolution=skip&match_on").token(ws.token())
                .json(Map.of("customers", List.of(customer("Q", "qopt.com")), "conflict_resolution", "skip")).send();
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().path("errors").findValuesAsText("field")).containsExactly("conflict_resolution",
                "match_on");
        // nor any other parameter, on either form: ignored, a dry run would import for real
        Response dryRun = http().post("/v1/customers/bulk-import?dry_run=true").token(ws.token())
                .json(Map.of("customers", List.of(customer("Q", "qopt.com")))).send();
        assertField(dryRun, "dry_run", "unknown_parameter");
        Response csvDryRun = http().post("/v1/customers/bulk-import?mode=create&dry_run=true").token(ws.token())
                .rawBody("name,email_domain\nQ,qopt.com\n", "text/csv").send();
        assertField(csvDryRun, "dry_run", "unknown_parameter");
        assertThat(http().get("/v1/customers").token(ws.token()).send().json().path("data").size()).isZero();
        // in the body, as the JSON form takes them
        JsonNode job = runJob(Map.of("customers", List.of(customer("Q", "qopt.com")), "mode", "update"));
        assertThat(job.path("created").asInt()).isZero();
        assertThat(job.path("errors").get(0).path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void anOptionSentAsNullIsRefusedNotTakenForItsDefault() {
        for (String option : List.of("mode", "conflict_resolution", "match_on")) {
            Map<String, Object> body = new HashMap<>();
            body.put("customers", List.of(customer("N", "nulls.com")));
            body.put(option, null);
            assertField(post(body), option, "not_nullable");
        }
        awaitProcessorsCaughtUp();
        assertThat(http().get("/v1/customers").token(ws.token()).send().json().path("data").size()).isZero();
    }

    @Test
    void aBlankCsvLineIsNoRowAndAQuoteInAnUnquotedFieldIsRefused() {
        JsonNode job = completed(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,email_domain\r\n\r\nFirst,first.com\r\n  \r\nSecond,\r\n\r\n", "text/csv").send());
        assertThat(job.path("total").asInt()).isEqualTo(2);
        assertThat(job.path("created").asInt()).isEqualTo(1);
        assertThat(errorsOf(job, 1)).as("rows are numbered without the blank lines").containsExactly("email_domain:required");

        Response quote = http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,email_domain\nThird,third.com\nab\"c,quote.com\n", "text/csv").send();
        assertField(quote, "body", "invalid_format");
        assertThat(quote.json().path("errors").get(0).path("message").asText()).startsWith("Line 3: ");
        awaitProcessorsCaughtUp();
        assertThat(customerByDomain("third.com")).isNull();
    }

    @Test
    void aCsvNumberBeyondAnyDecimalIs400NamingItsCellAsInTheJsonForm() {
        assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,email_domain,arr\nBig,big.com,1e9999999999\n", "text/csv").send(),
                "customers[0].arr", "out_of_range");
        assertField(http().post("/v1/customers/bulk-import").token(ws.token())
                .rawBody("name,custom_fields.seats\nA,1\nTiny,1.5e-2147483647\n", "text/csv").send(),
                "customers[1].custom_fields.seats", "out_of_range");
    }

    /**
     * Numbers written with a scale of thousands are the small numbers they are: kept as written, 0E-1000 went into the
     * job's event as a thousand digits the store could not read back (the job lost, its events parked), 0E+10000 was
     * a 500.
     */
    @Test
    void aCsvNumberWrittenWithAHugeScaleIsImportedAsItsValue() {
        String csv = "name,email_domain,custom_fields.a,custom_fields.b,custom_fields.c\n"
                + "Scaled,scaled.com,0E-1000,0E+10000,1." + "0".repeat(1500) + "\n";
        Response accepted = http().post("/v1/customers/bulk-import").token(ws.token()).rawBody(csv, "text/csv").send();

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode job = completed(accepted);
        assertThat(job.path("created").asInt()).as(job.toString()).isEqualTo(1);
        JsonNode custom = customerByDomain("scaled.com").path("custom_fields");
        assertThat(custom.path("a").decimalValue()).isEqualByComparingTo("0");
        assertThat(custom.path("b").decimalValue()).isEqualByComparingTo("0");
        assertThat(custom.path("c").decimalValue()).isEqualByComparingTo("1");
        awaitProcessorsCaughtUp();
        assertThat(jdbc.sql("SELECT count(*) FROM dead_letter_entry WHERE sequence_identifier = ?")
                .param(accepted.json().path("job_id").asText()).query(Integer.class).single()).isZero();
    }

    private static void assertField(Response response, String field, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).as(response.toString()).isEqualTo(field);
        assertThat(response.json().path("errors").get(0).path("code").asText()).as(response.toString()).isEqualTo(code);
    }

    @Test
    void needsATokenAndTheRightsAndHidesOtherWorkspacesJobs() {
        Map<String, Object> body = Map.of("customers", List.of(customer("A", "a.com")));
        assertThat(http().post("/v1/customers/bulk-import").json(body).send().status()).isEqualTo(401);
        assertThat(http().get("/v1/jobs/job_01JD3ZZZZZZZZZZZZZZZZZZZZZ").send().status()).isEqualTo(401);
        Response key = http().post("/v1/api-keys").token(ws.token())
                .json(Map.of("name", "reader", "role", "viewer", "scopes", List.of("customers:read"))).send();
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        String reader = key.json().path("secret").asText();
        assertThat(http().post("/v1/customers/bulk-import").token(reader).json(body).send().status()).isEqualTo(403);

        JsonNode job = runJob(body);
        assertThat(http().get("/v1/jobs/" + job.path("id").asText()).token(reader).send().status()).isEqualTo(200);
        Workspace other = newWorkspace();
        Response foreign = http().get("/v1/jobs/" + job.path("id").asText()).token(other.token()).send();
        Response missing = http().get("/v1/jobs/job_01JD3ZZZZZZZZZZZZZZZZZZZZZ").token(other.token()).send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreign.json().path("detail").asText()).isEqualTo("Job '" + job.path("id").asText() + "' was not found");
        assertThat(http().get("/v1/jobs/nonsense").token(ws.token()).send().status()).isEqualTo(404);
    }

    @Test
    void aReRunWithTheSameIdempotencyKeyCreatesNothingTwice() {
        Map<String, Object> body = Map.of("customers", List.of(customer("A", "a.com"), customer("B", "b.com")));
        Response first = http().post("/v1/customers/bulk-import").token(ws.token()).header("Idempotency-Key", "imp-1")
                .json(body).send();
        JsonNode job = completed(first);
        Response again = http().post("/v1/customers/bulk-import").token(ws.token()).header("Idempotency-Key", "imp-1")
                .json(body).send();

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("job_id").asText()).isEqualTo(job.path("id").asText());
        awaitProcessorsCaughtUp();
        assertThat(http().get("/v1/customers").token(ws.token()).send().json().path("data").size()).isEqualTo(2);
    }

    @Test
    void theBulkClassAllowsTenImportsAnHour() {
        Map<String, Object> body = Map.of("customers", List.of(customer("A", "a.com")), "conflict_resolution", "skip");
        for (int i = 0; i < 10; i++) {
            Response accepted = post(body);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(accepted.header("X-RateLimit-Limit")).isEqualTo("10");
        }
        Response limited = post(body);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("limit_class").asText()).isEqualTo("bulk");
        assertThat(limited.header("Retry-After")).isNotNull();
        // other writes have their own class
        assertThat(http().post("/v1/customers").token(ws.token()).json(customer("B", "b.com")).send().status())
                .isEqualTo(201);
    }
}
