package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The running server's event store: written in {@link EventFormat}, and reading what the code before it wrote. */
class EventStoreFormatTest extends ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private ObjectMapper webObjectMapper;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void eventsAndSnapshotsUseTheEventFormatNotTheWebObjectMapper() {
        AbstractEventStorageEngine engine = (AbstractEventStorageEngine) storageEngine;
        for (var serializer : new Object[] {engine.getEventSerializer(), engine.getSnapshotSerializer()}) {
            assertThat(serializer).isInstanceOf(JacksonSerializer.class);
            ObjectMapper mapper = ((JacksonSerializer) serializer).getObjectMapper();
            assertThat(mapper).isNotSameAs(webObjectMapper);
            assertThat(mapper.getPropertyNamingStrategy()).isSameAs(PropertyNamingStrategies.SNAKE_CASE);
        }
    }

    /**
     * A customer whose events were stored by the code before the event format (the golden samples, with this test's
     * ids): the projections read them, and the aggregate is sourced from them to take a new command.
     */
    @Test
    void aCustomerStoredBeforeTheEventFormatIsReadAndChangedByTheNewCode() throws Exception {
        Workspace ws = newWorkspace();
        String id = storedBefore(ws, "Stored Before");

        Response read = awaitCustomer(ws, id);
        assertThat(read.json().path("name").asText()).isEqualTo("Stored Before");
        assertThat(read.json().path("arr").decimalValue()).isEqualByComparingTo("250000.75");
        assertThat(read.json().path("custom_fields").path("ratio").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(read.json().path("version").asLong()).isEqualTo(2);

        Response patched = http().patch("/v1/customers/" + id).token(ws.token())
                .json(Map.of("name", "Changed After")).header("If-Match", "\"2\"").send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("name").asText()).isEqualTo("Changed After");
        assertThat(patched.json().path("version").asLong()).isEqualTo(3);
    }

    /**
     * Events stored in clear, before personal data was sealed, cannot be shredded with a key: the erasure overwrites
     * their personal values in place (the one sanctioned rewrite), and the history reads them as erased.
     */
    @Test
    void theErasureOfACustomerStoredInClearOverwritesItsPersonalValuesInPlace() throws Exception {
        Workspace ws = newWorkspace();
        String name = "Clear " + UUID.randomUUID();
        String id = storedBefore(ws, name);
        assertThat(awaitCustomer(ws, id).status()).isEqualTo(200);
        Response patched = http().patch("/v1/customers/" + id).token(ws.token()).json(Map.of("name", name + " II")).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(storedWith(id, name)).isEqualTo(1);

        assertThat(http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send().status()).isEqualTo(204);
        awaitProcessorsCaughtUp();

        await("the rewrite of the clear events").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(storedWith(id, name)).as("events holding the name").isZero());
        assertThat(storedWith(id, "Platinum")).as("its custom fields, in clear in the stored sample").isZero();
        Response history = http().get("/v1/customers/" + id + "/history").token(ws.token()).send();
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.rawBody()).doesNotContain(name).contains("[erased]");
        assertThat(history.json().path("data").get(1).path("changes").path("arr").path("new").decimalValue())
                .as("the rest of the event is intact").isEqualByComparingTo("250000.75");
    }

    /**
     * The store reads each row's timestamp once ({@code UtcTimestamps.parseUtc}; another stored form through Axon's
     * reader) and tracks gaps as Axon's engine does: an index missing before an event younger than the gap timeout (a
     * minute) is a gap the token keeps waiting for; one before an older event is given up.
     */
    @Test
    void trackedEventsCarryTheirStoredTimestampsAndTheGapsAxonWouldTrack() throws Exception {
        Workspace ws = newWorkspace();
        String id = Ids.next(Ids.CUSTOMER);
        TrackingToken head = storageEngine.createHeadToken();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long missingBeforeRecent = nextIndex();
        long recent = insert(id, 0, "com.lealup.api.customer.CustomerCreated", created(id, ws.id()), ws.id(), now.toString());
        long missingBeforeOld = nextIndex();
        long old = insert(id, 1, "com.lealup.api.customer.CustomerUpdated", updated(id, ws.id()), ws.id(),
                "2020-01-01T01:00:00+01:00");

        Map<Long, TrackedEventMessage<?>> read = new HashMap<>();
        storageEngine.readEvents(head, false).takeWhile(e -> read.size() < 2).forEach(e -> {
            long index = e.trackingToken().position().orElseThrow();
            if (index == recent || index == old) {
                read.put(index, e);
            }
        });

        assertThat(read.get(recent).getTimestamp()).isEqualTo(now);
        assertThat(((GapAwareTrackingToken) read.get(recent).trackingToken()).getGaps()).contains(missingBeforeRecent);
        assertThat(read.get(old).getTimestamp()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(((GapAwareTrackingToken) read.get(old).trackingToken()).getGaps())
                .doesNotContain(missingBeforeRecent, missingBeforeOld);
    }

    /** The store writes an event's time as Axon's JDBC store does, to the millisecond: events are forever. */
    @Test
    void anEventsTimeIsStoredInAxonsFormat() {
        String id = Ids.next(Ids.CUSTOMER);
        Instant at = Instant.parse("2026-03-01T08:30:15.120456789Z");
        storageEngine.appendEvents(new GenericDomainEventMessage<>("Customer", id, 0,
                new CustomerDeleted(id, "wsp_time_stamp_test", at, at), Map.of(MetadataKeys.WORKSPACE_ID,
                "wsp_time_stamp_test"), Ids.next(Ids.CUSTOMER), at));

        assertThat(jdbc.queryForObject("SELECT time_stamp FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class, id)).isEqualTo(DateTimeUtils.formatInstant(at)).isEqualTo("2026-03-01T08:30:15.120Z");
    }

    @Test
    void anEventCommittedIntoAGapIsReadFromTheTokenThatWaitedForIt() throws Exception {
        Workspace ws = newWorkspace();
        String id = Ids.next(Ids.CUSTOMER);
        String committedFirst = Ids.next(Ids.CUSTOMER);
        TrackingToken head = storageEngine.createHeadToken();
        String now = Instant.now().toString();
        long gap = nextIndex();
        long after = insert(committedFirst, 0, "com.lealup.api.customer.CustomerCreated", created(committedFirst, ws.id()),
                ws.id(), now);
        TrackingToken waiting = storageEngine.readEvents(head, false)
                .filter(e -> e.trackingToken().position().orElseThrow() == after).findFirst().orElseThrow()
                .trackingToken();
        assertThat(((GapAwareTrackingToken) waiting).getGaps()).contains(gap);

        insertAt(gap, id, 0, "com.lealup.api.customer.CustomerCreated", created(id, ws.id()), ws.id(), now);

        TrackedEventMessage<?> filled = storageEngine.readEvents(waiting, false)
                .filter(e -> e instanceof DomainEventMessage<?> event && id.equals(event.getAggregateIdentifier()))
                .findFirst().orElseThrow();
        assertThat(filled.trackingToken().position()).hasValue(after);
        assertThat(((GapAwareTrackingToken) filled.trackingToken()).getGaps()).doesNotContain(gap);
    }

    /**
     * An aggregate's events are read whole whatever their number: its first page (100 events), the long pages after it
     * (1,000), and a page short of what it asked for, which ends the read without another query.
     */
    @Test
    void anAggregateIsReadWholeAcrossItsPages() throws Exception {
        Workspace ws = newWorkspace();
        String now = Instant.now().toString();
        for (int events : new int[] {1, 99, 100, 101, 1_100, 1_150}) {
            String id = Ids.next(Ids.CUSTOMER);
            insert(id, 0, "com.lealup.api.customer.CustomerCreated", created(id, ws.id()), ws.id(), now);
            jdbc.update("""
                    INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision, payload_type,
                        time_stamp, aggregate_identifier, sequence_number, type)
                    SELECT gen_random_uuid()::text, ?, ?, NULL, 'com.lealup.api.customer.CustomerUpdated', ?, ?, s,
                        'Customer'
                    FROM generate_series(1, ?) s""",
                    metadata(ws.id()), JSON.writeValueAsString(updated(id, ws.id())).getBytes(StandardCharsets.UTF_8),
                    now, id, events - 1);

            assertThat(storageEngine.readEvents(id).asStream().map(DomainEventMessage::getSequenceNumber))
                    .as("the sequence numbers of a customer of %d events", events)
                    .containsExactlyElementsOf(LongStream.range(0, events).boxed().toList());
        }
    }

    /**
     * Two writes of the same next event of an aggregate (two nodes' commands on one customer): the second breaks the
     * store's unique key, which is Axon's concurrency failure, the one {@link ConcurrentWriteRetry} retries.
     */
    @Test
    void aSecondAppendOfTheSameSequenceNumberIsAConcurrencyFailure() throws Exception {
        String id = storedBefore(newWorkspace(), "Raced");

        Throwable lost = catchThrowable(() -> storageEngine.appendEvents(
                new GenericDomainEventMessage<>("Customer", id, 1, "the same second event")));

        assertThat(lost).isInstanceOf(ConcurrencyException.class);
        assertThat(ConcurrentWriteRetry.lostARace(lost)).isTrue();
    }

    private long nextIndex() {
        return jdbc.queryForObject("SELECT nextval('domain_event_entry_seq')", Long.class);
    }

    /** How many events of the customer hold {@code value}. */
    private long storedWith(String customerId, String value) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND position(? in payload) > 0""",
                Long.class, customerId, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A customer whose two first events are stored as the code before the event format wrote them. */
    private String storedBefore(Workspace ws, String name) throws Exception {
        String id = Ids.next(Ids.CUSTOMER);
        ObjectNode created = created(id, ws.id());
        ((ObjectNode) created.get("fields")).put("name", name);
        String now = Instant.now().toString();
        insert(id, 0, "com.lealup.api.customer.CustomerCreated", created, ws.id(), now);
        insert(id, 1, "com.lealup.api.customer.CustomerUpdated", updated(id, ws.id()), ws.id(), now);
        return id;
    }

    /** A customer's creation as the code before the event format stored it. */
    private static ObjectNode created(String id, String workspaceId) throws Exception {
        ObjectNode created = sample("com.lealup.api.customer.CustomerCreated");
        created.put("customer_id", id).put("workspace_id", workspaceId).put("created_at", "2026-01-05T10:00:00.123456Z");
        ((ObjectNode) created.get("fields")).put("email_domain", "stored-" + UUID.randomUUID() + ".com")
                .put("currency", "USD").put("status", "active").putNull("owner_id").putNull("segment_id")
                .put("forecast_category", "pipeline").putNull("renewal_date");
        return created;
    }

    /** Its change of ARR as the code before the event format stored it. */
    private static ObjectNode updated(String id, String workspaceId) throws Exception {
        ObjectNode updated = sample("com.lealup.api.customer.CustomerUpdated");
        updated.put("customer_id", id).put("workspace_id", workspaceId).put("updated_at", "2026-01-06T10:00:00Z");
        ObjectNode changes = (ObjectNode) updated.get("changes");
        for (String f : new String[] {"name", "email_domain", "currency", "status", "owner_id", "segment_id",
                "renewal_date", "forecast_category"}) {
            changes.putNull(f);
        }
        changes.put("arr", 250000.75);
        updated.putArray("cleared");
        return updated;
    }

    /** The customer once the read model shows both stored events (a batch may hold the first without the second). */
    private Response awaitCustomer(Workspace ws, String id) throws InterruptedException {
        Response response = null;
        for (int i = 0; i < 100; i++) {
            response = http().get("/v1/customers/" + id).token(ws.token()).send();
            if (response.status() == 200 && response.json().path("version").asLong() == 2) {
                return response;
            }
            Thread.sleep(50);
        }
        return response;
    }

    private static ObjectNode sample(String type) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of("src/test/resources/events", type + ".json")));
    }

    /**
     * A row as Axon's JPA storage engine writes it (the pooled sequence value is the row's own block); answers its
     * index. A row stamped long ago tells the processors' gap detection that the index gaps before it are final.
     */
    private long insert(String aggregateId, long sequence, String type, JsonNode payload, String workspaceId,
                        String stamp) throws Exception {
        return insertAt(nextIndex(), aggregateId, sequence, type, payload, workspaceId, stamp);
    }

    private long insertAt(long index, String aggregateId, long sequence, String type, JsonNode payload,
                          String workspaceId, String stamp) throws Exception {
        jdbc.update("""
                INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload, payload_revision,
                    payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, 'Customer')""",
                index, UUID.randomUUID().toString(), metadata(workspaceId),
                JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8), type, stamp, aggregateId, sequence);
        return index;
    }

    /** An event's metadata as the code before the event format stored it. */
    private static byte[] metadata(String workspaceId) throws Exception {
        return JSON.writeValueAsBytes(sample("metadata").put("workspace_id", workspaceId));
    }
}
