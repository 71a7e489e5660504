package com.lealup.app.usage;

import static com.lealup.app.support.RateLimits.assertLimitedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code POST /v1/events} and {@code GET /v1/events} over real HTTP. */
class EventsApiTest extends ApiTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private DataSource dataSource;

    private Workspace ws;
    private String acme;

    @BeforeEach
    void workspace() {
        ws = newWorkspace();
        acme = createCustomer(ws, "acme.com");
    }

    static String createCustomer(HttpClientSupport http, Workspace ws, String domain) {
        Response created = http.post("/v1/customers").token(ws.token())
                .json(Map.of("name", domain, "email_domain", domain)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private String createCustomer(Workspace ws, String domain) {
        return createCustomer(http(), ws, domain);
    }

    static Map<String, Object> event(String type, String customerId, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("customer_id", customerId);
        event.put("timestamp", at.toString());
        return event;
    }

    private static Map<String, Object> with(Map<String, Object> event, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.put(key, value);
        return copy;
    }

    private Response ingest(Workspace workspace, List<?> events) {
        return http().post("/v1/events").token(workspace.token()).json(Map.of("events", events)).send();
    }

    private Instant now() {
        return clock.instant();
    }

    @Test
    void aTimestampIsAnRfc3339DateTimeWithSecondsAndTheRejectionSaysSo() {
        Instant minute = now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        String withoutSeconds = minute.toString().substring(0, "2026-12-04T10:15".length()) + "Z";
        String withAnOffset = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").format(minute.atOffset(ZoneOffset.ofHours(1)));

        // ISO 8601's end of a day, which Instant.parse reads as the next midnight: RFC 3339's hours end at 23
        String endOfYesterday = minute.minus(Duration.ofDays(1)).toString().substring(0, "2026-12-04".length())
                + "T24:00:00Z";
        // a decimal point without a digit, which java.time reads
        String emptyFraction = minute.toString().replace("Z", ".Z");

        Response response = ingest(ws, List.of(with(event("login", acme, minute), "timestamp", withoutSeconds),
                with(event("login", acme, minute), "timestamp", withAnOffset),
                with(event("login", acme, minute), "timestamp", endOfYesterday),
                with(event("login", acme, minute), "timestamp", emptyFraction)));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).as(withAnOffset).isEqualTo(1);
        List<String> rejected = new ArrayList<>();
        response.json().path("errors").forEach(e -> rejected.add(e.path("index").asInt() + ":" + e.path("code").asText()));
        assertThat(rejected).containsExactly("0:invalid_timestamp", "2:invalid_timestamp", "3:invalid_timestamp");
        JsonNode rejection = response.json().path("errors").get(0);
        assertThat(rejection.path("message").asText()).isEqualTo("timestamp must be an RFC 3339 date-time, with "
                + "seconds and Z or an offset, e.g. 2026-11-26T08:00:00Z or 2026-11-26T09:00:00.5+01:00");
        Response endOfDay = http().get("/v1/events?from=" + endOfYesterday).token(ws.token()).send();
        assertThat(endOfDay.status()).isEqualTo(400);
        assertThat(endOfDay.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_format");
    }

    @Test
    void storesTheGoodEventsAndRejectsEachBadOneByIndex() {
        Map<String, Object> byDomain = new LinkedHashMap<>();
        byDomain.put("type", "feature_used");
        byDomain.put("email_domain", "ACME.com");
        byDomain.put("timestamp", now().minusSeconds(60).toString());
        byDomain.put("properties", Map.of("feature", "reports"));
        Map<String, Object> missingType = event("login", acme, now());
        missingType.remove("type");
        List<Object> batch = List.of(
                event("login", acme, now().minusSeconds(10)),                          // 0 ok
                byDomain,                                                            // 1 ok
                event("login", "cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ", now()),               // 2 unknown customer
                with(event("login", null, now()), "email_domain", "nobody.com"),      // 3 unknown domain
                event("login", acme, now().plus(Duration.ofMinutes(6))),             // 4 future
                event("login", acme, now().minus(Duration.ofDays(366))),             // 5 too old
                missingType,                                                         // 6 missing type
                with(event("login", acme, now()), "timestamp", "yesterday"),          // 7 bad timestamp
                with(event("nps.response", acme, now()), "properties", Map.of("score", 11)), // 8 bad score
                "not an object",                                                     // 9
                with(event("login", acme, now()), "colour", "red"),                   // 10 unknown field
                event("login", acme, now().plus(Duration.ofMinutes(4))),              // 11 ok, within the skew
                with(event("login", acme, now()), "event_id", " "),                   // 12 blank id
                with(event("login", acme, now()), "type", "\u00a0\ufeff"),           // 13 blank type, Unicode spaces
                with(event("login", acme, now()), "event_id", "\u00a0"));             // 14 blank id, the same

        Response response = ingest(ws, batch);

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(3);
        assertThat(body.path("duplicates").asInt()).isZero();
        assertThat(body.path("rejected").asInt()).isEqualTo(12);
        List<String> errors = new ArrayList<>();
        body.path("errors").forEach(e -> errors.add(e.path("index").asInt() + ":" + e.path("code").asText()));
        assertThat(errors).containsExactly("2:unknown_customer", "3:unknown_customer", "4:timestamp_in_future",
                "5:timestamp_too_old", "6:missing_type", "7:invalid_timestamp", "8:invalid_property",
                "9:invalid_event", "10:invalid_event", "12:invalid_event", "13:missing_type", "14:invalid_event");
        body.path("errors").forEach(e -> assertThat(e.path("message").asText()).isNotBlank());

        JsonNode listed = awaitEvents(ws, "", 3);
        assertThat(listed.path("data").get(0).path("id").asText()).matches("evt_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(listed.path("data")).allSatisfy(e -> assertThat(e.path("customer_id").asText()).isEqualTo(acme));
        assertThat(listed.toString()).contains("\"feature\":\"reports\"");
    }

    @Test
    void theEventsAreCommittedBeforeTheAcceptedAnswer() {
        String marker = "durable-" + System.nanoTime();
        Response response = ingest(ws, List.of(with(event("login", acme, now()), "event_id", marker)));
        assertThat(response.status()).isEqualTo(202);

        // read from another connection at once: a 202 sent before the commit would find nothing
        String batchId = jdbc.queryForObject("""
                SELECT batch_id FROM usage_log WHERE workspace_id = ? AND CAST(events AS jsonb) @> CAST(? AS jsonb)""",
                String.class, ws.id(), "[{\"event_id\":\"" + marker + "\"}]");
        Integer recorded = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry
                WHERE payload_type = 'com.lealup.api.usage.UsageRecorded'
                  AND convert_from(payload, 'UTF8') LIKE ?
                  AND convert_from(meta_data, 'UTF8') LIKE ?""", Integer.class, "%" + batchId + "%", "%" + ws.id() + "%");
        assertThat(recorded).as("the batch's summary event, with the workspace in its metadata").isEqualTo(1);
    }

    @Test
    void aRetriedBatchStoresNothingTwice() {
        List<Object> batch = List.of(with(event("login", acme, now()), "event_id", "e-1"),
                with(event("login", acme, now()), "event_id", "e-2"),
                with(event("login", acme, now()), "event_id", "e-1"),
                event("login", acme, now()));
        JsonNode first = ingest(ws, batch).json();
        assertThat(first.path("accepted").asInt()).isEqualTo(3);
        assertThat(first.path("duplicates").asInt()).isEqualTo(1);

        JsonNode again = ingest(ws, batch.subList(0, 3)).json();
        assertThat(again.path("accepted").asInt()).isZero();
        assertThat(again.path("duplicates").asInt()).isEqualTo(3);

        // event ids are per workspace
        Workspace other = newWorkspace();
        String otherCustomer = createCustomer(other, "acme.com");
        assertThat(ingest(other, List.of(with(event("login", otherCustomer, now()), "event_id", "e-1"))).json()
                .path("accepted").asInt()).isEqualTo(1);
        awaitEvents(ws, "", 3);
    }

    @Test
    void concurrentBatchesWithTheSameEventIdsStoreEachOnce() throws Exception {
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(with(event("login", acme, now()), "event_id", "c-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> ingest(ws, batch).json());
            }
            int accepted = 0;
            int duplicates = 0;
            for (Future<JsonNode> result : pool.invokeAll(calls)) {
                accepted += result.get().path("accepted").asInt();
                duplicates += result.get().path("duplicates").asInt();
            }
            assertThat(accepted).isEqualTo(50);
            assertThat(duplicates).isEqualTo(150);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEventReadsBackAsSentWhateverItsCharacters() {
        String type = "quote\" backslash\\ tab\t é ✓";
        Map<String, Object> properties = Map.of("note", "line\nbreak \"quoted\"", "nested", Map.of("n", 1.5));
        Map<String, Object> sent = with(with(with(event(type, acme, now()), "contact_email", "ana\"@acme.com"),
                "event_id", "id\\1"), "properties", properties);
        assertThat(ingest(ws, List.of(sent)).json().path("accepted").asInt()).isEqualTo(1);

        JsonNode listed = awaitEvents(ws, "", 1).path("data").get(0);
        assertThat(listed.path("type").asText()).isEqualTo(type);
        assertThat(listed.path("contact_email").asText()).isEqualTo("ana\"@acme.com");
        assertThat(listed.path("event_id").asText()).isEqualTo("id\\1");
        assertThat(listed.path("properties").path("note").asText()).isEqualTo("line\nbreak \"quoted\"");
        assertThat(listed.path("properties").path("nested").path("n").asDouble()).isEqualTo(1.5);
    }

    /** Event pipelines send an optional member they lack as null: it is as if absent, as the OpenAPI document says. */
    @Test
    void anOptionalMemberSentAsNullIsAsIfAbsent() {
        Map<String, Object> sent = event("login", acme, now());
        for (String member : List.of("event_id", "email_domain", "contact_email", "properties")) {
            sent = with(sent, member, null);
        }
        JsonNode answer = ingest(ws, List.of(sent)).json();
        assertThat(answer.path("accepted").asInt()).as(answer.toString()).isEqualTo(1);

        JsonNode listed = awaitEvents(ws, "", 1).path("data").get(0);
        assertThat(listed.path("event_id").isNull()).isTrue();
        assertThat(listed.path("contact_email").isNull()).isTrue();
        assertThat(listed.path("properties").toString()).isEqualTo("{}");
        JsonNode schema = http().get("/v1/openapi.json").send().json().path("components").path("schemas")
                .path("IncomingEvent").path("properties");
        for (String member : List.of("event_id", "customer_id", "email_domain", "contact_email", "properties")) {
            assertThat(schema.path(member).path("nullable").asBoolean()).as(member).isTrue();
        }
        assertThat(schema.path("type").path("nullable").asBoolean()).isFalse();
    }

    /** A number is read back as written: beyond a double's range or precision, it is neither infinity nor rounded. */
    @Test
    void anEventsNumbersReadBackAsWritten() {
        String properties = "{\"big\":1e999999,\"small\":-1e400,\"exact\":0.1000000000000000055511151231257827,\"n\":[7]}";
        String batch = "{\"events\":[{\"type\":\"login\",\"customer_id\":\"" + acme + "\",\"timestamp\":\""
                + now() + "\",\"properties\":" + properties + "}]}";
        Response ingested = http().post("/v1/events").token(ws.token()).rawBody(batch, "application/json").send();
        assertThat(ingested.json().path("accepted").asInt()).as(ingested.toString()).isEqualTo(1);

        awaitEvents(ws, "", 1);
        String listed = http().get("/v1/events").token(ws.token()).send().rawBody();
        assertThat(listed).contains("\"properties\":" + properties).doesNotContain("Infinity");
    }

    /**
     * The race the claim's fast path cannot see: another transaction claims an id after this batch looked, and
     * commits while this batch waits on it. The batch must still store the id's event zero times, and the rest.
     */
    @Test
    void anIdClaimedByAConcurrentTransactionIsADuplicate() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement claim = other.prepareStatement(
                    "INSERT INTO usage_event_id_claim (workspace_id, event_id) VALUES (?, 'raced')")) {
                claim.setString(1, ws.id());
                claim.executeUpdate();
            }
            Future<JsonNode> answer = pool.submit(() -> ingest(ws, List.of(
                    with(event("login", acme, now()), "event_id", "raced"),
                    with(event("login", acme, now()), "event_id", "not-raced"))).json());
            Thread.sleep(500); // the batch's insert now waits on the uncommitted claim
            other.commit();
            JsonNode result = answer.get();
            assertThat(result.path("accepted").asInt()).as(result.toString()).isEqualTo(1);
            assertThat(result.path("duplicates").asInt()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        JsonNode listed = awaitEvents(ws, "", 1);
        assertThat(listed.path("data").get(0).path("event_id").asText()).isEqualTo("not-raced");
    }

    @Test
    void theSameIdempotencyKeyReplaysTheAnswerAndStoresNothing() {
        Map<String, Object> body = Map.of("events", List.of(event("login", acme, now())));
        Response first = http().post("/v1/events").token(ws.token()).header("Idempotency-Key", "batch-7").json(body).send();
        Response replay = http().post("/v1/events").token(ws.token()).header("Idempotency-Key", "batch-7").json(body).send();

        assertThat(first.status()).isEqualTo(202);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json()).isEqualTo(first.json());
        assertThat(storedUsageEvents(acme)).isEqualTo(1);

        Response reused = http().post("/v1/events").token(ws.token()).header("Idempotency-Key", "batch-7")
                .json(Map.of("events", List.of())).send();
        assertThat(reused.status()).isEqualTo(422);
    }

    @Test
    void aBatchOfMoreThanAThousandEventsIs413() {
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            batch.add(event("login", acme, now()));
        }
        Response response = ingest(ws, batch);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("type").asText()).endsWith("/batch_too_large");

        Response thousand = ingest(ws, batch.subList(0, 1000));
        assertThat(thousand.status()).as(thousand.toString()).isEqualTo(202);
        assertThat(thousand.json().path("accepted").asInt()).isEqualTo(1000);
    }

    @Test
    void malformedRequestsAreRefusedWhole() {
        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of()).send().status()).isEqualTo(400);
        Response unknown = http().post("/v1/events").token(ws.token())
                .json(Map.of("events", List.of(), "colour", "red")).send();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(http().post("/v1/events").token(ws.token()).json("{\"events\": [").send().status()).isEqualTo(400);
        assertThat(http().post("/v1/events").token(ws.token()).rawBody("events", "text/plain").send().status())
                .isEqualTo(415);
        assertThat(http().post("/v1/events").json(Map.of("events", List.of())).send().status()).isEqualTo(401);
        assertThat(http().get("/v1/events").send().status()).isEqualTo(401);
    }

    @Test
    void scopesAreRequired() {
        String reader = key(ws, List.of("events:read"));
        String writer = key(ws, List.of("events:write"));
        assertThat(http().post("/v1/events").token(reader).json(Map.of("events", List.of())).send().status())
                .isEqualTo(403);
        assertThat(http().get("/v1/events").token(writer).send().status()).isEqualTo(403);
        assertThat(http().post("/v1/events").token(writer).json(Map.of("events", List.of())).send().status())
                .isEqualTo(202);
        assertThat(http().get("/v1/events").token(reader).send().status()).isEqualTo(200);
    }

    @Test
    void listsFiltersAndPagesNewestFirst() {
        String globex = createCustomer(ws, "globex.com");
        Instant base = now().minus(Duration.ofHours(10));
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(event("login", acme, base.plus(Duration.ofHours(i))));
            batch.add(event("feature_used", globex, base.plus(Duration.ofHours(i))));
        }
        assertThat(ingest(ws, batch).json().path("accepted").asInt()).isEqualTo(10);
        awaitEvents(ws, "", 10);

        JsonNode acmeLogins = http().get("/v1/events?customer_id=" + acme + "&type=login").token(ws.token()).send().json();
        assertThat(acmeLogins.path("data")).hasSize(5);
        JsonNode window = http().get("/v1/events?from=" + base.plus(Duration.ofHours(1)) + "&to=" + base.plus(Duration.ofHours(3)))
                .token(ws.token()).send().json();
        assertThat(window.path("data")).hasSize(4);

        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = http().get("/v1/events?limit=3" + cursor).token(ws.token()).send().json();
            page.path("data").forEach(e -> seen.add(e.path("timestamp").asText() + " " + e.path("id").asText()));
            cursor = page.path("has_more").asBoolean() ? "&cursor=" + page.path("next_cursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).hasSize(10).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        assertThat(http().get("/v1/events?limit=0").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/events?cursor=nonsense").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(http().get("/v1/events?from=yesterday").token(ws.token()).send().status()).isEqualTo(400);
        Response reversed = http().get("/v1/events?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z").token(ws.token())
                .send();
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().path("errors").get(0).path("field").asText()).isEqualTo("from");
        // another workspace sees none of them
        assertThat(http().get("/v1/events?customer_id=" + acme).token(newWorkspace().token()).send().json().path("data"))
                .isEmpty();
    }

    /** As the other lists: type a comma list (customers' status, the history's type), from and to days or times. */
    @Test
    void typeTakesACommaListAndFromAndToTakeDays() {
        Instant day = now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        String first = LocalDate.ofInstant(day, ZoneOffset.UTC).toString();
        String second = LocalDate.ofInstant(day, ZoneOffset.UTC).plusDays(1).toString();
        assertThat(ingest(ws, List.of(event("login", acme, day.plus(Duration.ofHours(1))),
                event("feature_used", acme, day.plus(Duration.ofHours(2))),
                event("export", acme, day.plus(Duration.ofHours(25))))).json().path("accepted").asInt()).isEqualTo(3);
        awaitEvents(ws, "", 3);

        assertThat(types("&type=login,export")).containsExactlyInAnyOrder("login", "export");
        assertThat(types("&type=login,%20feature_used")).as("blanks around an item")
                .containsExactlyInAnyOrder("login", "feature_used");
        assertThat(types("&type=export")).containsExactly("export");
        // a date: from its start, to its end (included whole)
        assertThat(types("&from=" + first + "&to=" + first)).containsExactlyInAnyOrder("login", "feature_used");
        assertThat(types("&from=" + second)).containsExactly("export");
        assertThat(types("&from=" + first + "&to=" + day.plus(Duration.ofHours(2)))).as("an instant's end is exclusive")
                .containsExactly("login");

        assertThat(types("&type=login," + "t".repeat(100))).as("as long as a type may be").containsExactly("login");

        for (String wrong : List.of("type=login,", "type=,login", "type=login," + "t".repeat(101),
                "from=" + second + "&to=" + first, "from=yesterday")) {
            Response refused = http().get("/v1/events?" + wrong).token(ws.token()).send();
            assertThat(refused.status()).as(wrong).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).as(wrong)
                    .isEqualTo(wrong.substring(0, wrong.indexOf('=')));
        }
    }

    private List<String> types(String query) {
        Response page = http().get("/v1/events?limit=200" + query).token(ws.token()).send();
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        page.json().path("data").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    /**
     * {@code from} (inclusive) and {@code to} (exclusive) are compared at the microsecond an event's timestamp is
     * stored at: a bound with more digits is rounded half up, as the timestamp was (docs/ingestion.md).
     */
    @Test
    void fromAndToCompareAtTheMicrosecondTheTimestampIsStoredAt() {
        Instant second = now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(ingest(ws, List.of(event("micro", acme, second.plusNanos(400)))).json().path("accepted").asInt())
                .isEqualTo(1); // stored at `second`
        String micro = "/v1/events?type=micro";
        awaitEvents(ws, "&type=micro", 1);

        assertThat(eventsOf(micro + "&from=" + second.plusNanos(499))).hasSize(1);
        assertThat(eventsOf(micro + "&from=" + second.plusNanos(500))).as("from is the next microsecond").isEmpty();
        assertThat(eventsOf(micro + "&to=" + second.plusNanos(499))).as("to is that microsecond").isEmpty();
        assertThat(eventsOf(micro + "&to=" + second.plusNanos(500))).hasSize(1);
        assertThat(eventsOf(micro + "&from=" + second.plusNanos(600) + "&to=" + second.plusNanos(900)))
                .as("bounds that meet at the microsecond: an empty range").isEmpty();
    }

    private JsonNode eventsOf(String query) {
        Response page = http().get(query).token(ws.token()).send();
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().path("data");
    }

    private String key(Workspace workspace, List<String> scopes) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "limited");
        body.put("role", "csm");
        body.put("scopes", scopes);
        return http().post("/v1/api-keys").token(workspace.token()).json(body).send().json().path("secret").asText();
    }

    private int storedUsageEvents(String customerId) {
        return jdbc.queryForObject("SELECT COALESCE(sum(event_count), 0) FROM usage_log WHERE customer_id = ?",
                Integer.class, customerId);
    }

    private JsonNode awaitEvents(Workspace workspace, String query, int count) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            JsonNode page = http().get("/v1/events?limit=200" + query).token(workspace.token()).send().json();
            if (page.path("data").size() >= count || Instant.now().isAfter(deadline)) {
                assertThat(page.path("data")).hasSize(count);
                return page;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Ingestion and its query have rate-limit classes of their own (60 a minute each, docs/conventions.md): past
     * them 429 naming the class, while the workspace's other reads and writes go on.
     */
    @Test
    void ingestionAndTheEventsQueryAreLimitedInClassesOfTheirOwn() {
        assertLimitedAfter(60, "ingest", () -> http().post("/v1/events").token(ws.token())
                .json(Map.of("events", List.of())).send());
        assertLimitedAfter(60, "events_query", () -> http().get("/v1/events").token(ws.token()).send());

        assertThat(http().get("/v1/customers").token(ws.token()).send().status()).isEqualTo(200);
        assertThat(http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Globex",
                "email_domain", "globex.com")).send().status()).isEqualTo(201);
    }
}
