package com.lealup.app.bulkimport;

import static com.lealup.app.bulkimport.BulkImportApiTest.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A chunk that fails for a reason that is no bad row: a trigger made by the test refuses the email-domain claim of one
 * marked row (the chunk's first insert), always or a few times. The runner retries with back-off (ApiTest: from
 * 100 ms) and ends the job as failed after 5 failed attempts in a row; fewer, or failures at different chunks, do not
 * fail it; the other jobs run on.
 */
class ImportJobFailureApiTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;

    private Workspace ws;
    private final String tag = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
    }

    /** Refuses the claim of {@code domain} {@code times} times (null: always); nextval outlives a rollback. */
    private void failClaimOf(String domain, Integer times) {
        String name = tag + "_" + domain.replaceAll("[^a-z0-9]", "_");
        String when = times == null ? "true" : "nextval('" + name + "') <= " + times;
        jdbc.sql("CREATE SEQUENCE " + name).update();
        jdbc.sql("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.email_domain = '" + domain + "' AND " + when + " THEN "
                + "RAISE EXCEPTION 'injected failure at %', NEW.email_domain; END IF; RETURN NEW; END $$").update();
        jdbc.sql("CREATE TRIGGER " + name + " BEFORE INSERT ON customer_email_domain_claim FOR EACH ROW "
                + "EXECUTE FUNCTION " + name + "()").update();
    }

    @AfterEach
    void dropTriggers() {
        jdbc.sql("SELECT tgname FROM pg_trigger WHERE tgname LIKE ?").params(tag + "\\_%").query(String.class).list()
                .forEach(name -> {
                    jdbc.sql("DROP TRIGGER " + name + " ON customer_email_domain_claim").update();
                    jdbc.sql("DROP FUNCTION " + name + "()").update();
                    jdbc.sql("DROP SEQUENCE " + name).update();
                });
    }

    private String start(List<Map<String, Object>> rows) {
        Response accepted = http().post("/v1/customers/bulk-import").token(ws.token()).json(Map.of("customers", rows))
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("job_id").asText();
    }

    private JsonNode awaitJob(String jobId, Predicate<JsonNode> condition) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response got = http().get("/v1/jobs/" + jobId).token(ws.token()).send();
            job[0] = got.json();
            return got.status() == 200 && condition.test(job[0]);
        });
        return job[0];
    }

    private static Predicate<JsonNode> status(String status) {
        return job -> job.path("status").asText().equals(status);
    }

    private List<Map<String, Object>> rows(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> customer("Co " + i, prefix + "-" + i + ".com")).toList();
    }

    @Test
    void aChunkThatKeepsFailingEndsTheJobAsFailedWithAClearErrorAndTheOtherJobsRunOn() {
        String marked = tag + "-secret.com";
        failClaimOf(marked, null);
        List<Map<String, Object>> rows = new ArrayList<>(rows(510, tag + "-a"));
        rows.set(505, customer("Secret Name", marked));

        long started = System.nanoTime();
        String failing = start(rows);
        String other = start(rows(3, tag + "-b"));

        JsonNode failed = awaitJob(failing, status("failed"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // four back-offs (100, 200, 400, 800 ms) between the five attempts
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(60));
        assertThat(failed.path("processed").asInt()).as("the first chunk stays imported").isEqualTo(500);
        assertThat(failed.path("created").asInt()).isEqualTo(500);
        assertThat(failed.path("failed").asInt()).isZero();
        assertThat(failed.path("errors").size()).as("no row error: no row was bad").isZero();
        assertThat(failed.path("completed_at").asText()).endsWith("Z");
        JsonNode error = failed.path("error");
        assertThat(error.path("code").asText()).isEqualTo("chunk_failed");
        assertThat(error.path("message").asText()).contains("500 to 509", "5 attempts")
                .doesNotContain(marked, "Secret", "injected", "Exception", "SQL", "INSERT",
                        "customer_email_domain_claim");

        JsonNode done = awaitJob(other, status("completed"));
        assertThat(done.path("created").asInt()).isEqualTo(3);
        assertThat(done.path("error").isNull()).isTrue();

        // the failed job stays failed: nothing more of it is imported
        awaitProcessorsCaughtUp();
        assertThat(http().get("/v1/jobs/" + failing).token(ws.token()).send().json().path("status").asText())
                .isEqualTo("failed");
        Integer claims = jdbc.sql("SELECT count(*) FROM customer_email_domain_claim WHERE workspace_id = ?")
                .params(ws.id()).query(Integer.class).single();
        assertThat(claims).isEqualTo(500 + 3);
    }

    @Test
    void failuresShortOfTheBoundOrAtDifferentChunksDoNotFailTheJob() {
        List<Map<String, Object>> rows = new ArrayList<>(rows(510, tag + "-c"));
        // four failures at the first chunk, then four at the second: eight in all, never five in a row
        rows.set(5, customer("First", tag + "-first.com"));
        rows.set(505, customer("Second", tag + "-second.com"));
        failClaimOf(tag + "-first.com", 4);
        failClaimOf(tag + "-second.com", 4);

        JsonNode job = awaitJob(start(rows), status("completed"));
        assertThat(job.path("created").asInt()).isEqualTo(510);
        assertThat(job.path("failed").asInt()).isZero();
        assertThat(job.path("error").isNull()).isTrue();
    }
}
