package com.lealup.app.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.lealup.api.PersonalData;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerHistory;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.CustomerAsOf;
import com.lealup.api.customer.FindCustomerAsOf;
import com.lealup.api.customer.FindCustomerHistory;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code as_of} fold from snapshots ({@link CustomerRecordSnapshots}, every 5 events here) answers exactly what
 * the fold of every event answers, at every instant: each event's time and either side of it, before the customer,
 * across a step back of the clock, in the trash, after the store changed under a snapshot, and after the erasure,
 * which leaves no snapshot that opens.
 */
class CustomerRecordSnapshotsTest extends ApiTest {

    private static final int INTERVAL = 5;

    @Autowired
    private EventStore eventStore;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private QueryGateway queryGateway;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer format;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void foldsFromSnapshotsExactlyAsFromEveryEvent() {
        Workspace ws = newWorkspace();
        CustomerRecordSnapshots snapshots = new CustomerRecordSnapshots(jdbc, format, INTERVAL);
        CustomerHistoryQueries queries = new CustomerHistoryQueries(eventStore, snapshots, queryGateway);
        String id = customerWithManyEvents(ws);
        List<Instant> instants = instants(id);

        assertFoldsAlike(queries, ws.id(), id, instants);
        long events = eventStore.lastSequenceNumberFor(id).orElseThrow() + 1;
        assertThat(snapshots(id)).as("one snapshot per %d of the %d events", INTERVAL, events)
                .isEqualTo(events / INTERVAL);
        assertThat(rawSnapshotsContain(id, "Renamed")).as("the personal data of a snapshot is sealed").isFalse();
        Instant end = Instant.parse("9999-12-31T23:59:59Z");
        assertThat(snapshots.latest(id, end)).map(CustomerRecordSnapshots.Start::sequence)
                .contains(events / INTERVAL * INTERVAL - 1);
        // now from the snapshots
        assertFoldsAlike(queries, ws.id(), id, instants);
        assertThat(queries.handle(new FindCustomerAsOf(newWorkspace().id(), id, clock.instant())))
                .as("another workspace's customer, with snapshots").isEmpty();

        // the event a snapshot was taken at is no longer the stream's: the customer's snapshots are dropped
        jdbc.sql("UPDATE customer_record_snapshot SET event_identifier = 'gone' WHERE customer_id = ? AND sequence_number = ?")
                .params(id, events / INTERVAL * INTERVAL - 1).update();
        assertThat(queries.handle(new FindCustomerAsOf(ws.id(), id, end)).orElseThrow().then())
                .isEqualTo(folded(ws.id(), id, end));
        assertThat(jdbc.sql("SELECT count(*) FROM customer_record_snapshot WHERE event_identifier = 'gone'")
                .query(Long.class).single()).isZero();
        // another fold version's are ignored
        jdbc.sql("UPDATE customer_record_snapshot SET fold_version = -1 WHERE customer_id = ?").param(id).update();
        assertFoldsAlike(queries, ws.id(), id, instants);

        clock.advance(Duration.ofHours(1));
        Instant beforeErasure = clock.instant();
        Response erased = http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send();
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        long before = snapshots(id);
        List<Instant> after = new ArrayList<>(instants);
        after.add(clock.instant());
        assertFoldsAlike(queries, ws.id(), id, after);
        assertThat(folded(ws.id(), id, beforeErasure).name()).isEqualTo(PersonalData.ERASED);
        assertThat(snapshots(id)).as("an erased customer's folds write no snapshot").isEqualTo(before);
        List<byte[]> stored = jdbc.sql("SELECT record FROM customer_record_snapshot WHERE customer_id = ?").param(id)
                .query((rs, n) -> rs.getBytes(1)).list();
        assertThat(stored).isNotEmpty().allSatisfy(record -> assertThat(CustomerRecord.of(format.deserialize(
                new SimpleSerializedObject<>(record, byte[].class, CustomerRecord.Snapshot.class.getName(), null))))
                .as("a snapshot of an erased customer does not open").isEmpty());
    }

    /**
     * The processor writes the snapshots as the events arrive (every 5 here), each folded from the one before it: at
     * the right places, the same as the lazy folds write, idempotent, none for an erased customer, and the folds from
     * them answer as the fold of every event.
     */
    @Test
    void theProcessorWritesTheSnapshotsAheadOfTheReads() {
        Workspace ws = newWorkspace();
        CustomerRecordSnapshots snapshots = new CustomerRecordSnapshots(jdbc, format, INTERVAL);
        CustomerHistoryQueries queries = new CustomerHistoryQueries(eventStore, snapshots, queryGateway);
        CustomerRecordSnapshotProjection processor = new CustomerRecordSnapshotProjection(queries, snapshots);
        String id = customerWithManyEvents(ws);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        eventStore.readEvents(id).asStream().forEach(events::add);
        assertThat(events).hasSizeGreaterThan(2 * INTERVAL);

        List<Long> places = new ArrayList<>();
        for (DomainEventMessage<?> event : events) {
            processor.on(event);
            if ((event.getSequenceNumber() + 1) % INTERVAL == 0) {
                places.add(event.getSequenceNumber());
            }
            assertThat(snapshotPlaces(id)).as("after event %d", event.getSequenceNumber()).isEqualTo(places);
        }
        List<List<Object>> written = snapshotRows(id);
        // the same again (a redelivery, another node): nothing changes
        events.forEach(processor::on);
        assertThat(snapshotRows(id)).isEqualTo(written);
        assertFoldsAlike(queries, ws.id(), id, instants(id));
        assertThat(snapshotRows(id)).as("the reads found every snapshot written").isEqualTo(written);

        // the last place alone, with no snapshot before it: it writes every missing one on its way, as a read would
        jdbc.sql("DELETE FROM customer_record_snapshot WHERE customer_id = ?").param(id).update();
        processor.on(events.get(places.get(places.size() - 1).intValue()));
        assertThat(snapshotRows(id)).isEqualTo(written);
        assertFoldsAlike(queries, ws.id(), id, instants(id));

        Response erased = http().delete("/v1/customers/" + id + "?hard=true").token(ws.token()).send();
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        jdbc.sql("DELETE FROM customer_record_snapshot WHERE customer_id = ?").param(id).update();
        events.forEach(processor::on);
        assertThat(snapshotPlaces(id)).as("an erased customer gets no snapshot").isEmpty();
    }

    /**
     * A history page after a cursor starts from the latest snapshot at or before the cursor and answers exactly as
     * the read of every event before it: every cursor, with and without a type filter, pages of 1, 3 and 50.
     */
    @Test
    void historyPagesAfterACursorStartFromTheSnapshotsAlike() {
        Workspace ws = newWorkspace();
        CustomerRecordSnapshots snapshots = new CustomerRecordSnapshots(jdbc, format, INTERVAL);
        CustomerHistoryQueries queries = new CustomerHistoryQueries(eventStore, snapshots, queryGateway);
        String id = customerWithManyEvents(ws);
        long events = eventStore.lastSequenceNumberFor(id).orElseThrow() + 1;
        List<FindCustomerHistory> pages = new ArrayList<>();
        for (long after = -1; after <= events; after++) {
            for (int limit : new int[] {1, 3, 50}) {
                for (Set<String> types : List.of(Set.<String>of(), Set.of(CustomerHistory.CONTACT_UPDATED))) {
                    pages.add(new FindCustomerHistory(ws.id(), id, after < 0 ? null : after, 0, limit, types));
                }
            }
        }
        assertThat(snapshots(id)).isZero();
        List<Optional<CustomerHistory>> expected = pages.stream().map(queries::handle).toList();

        CustomerRecordSnapshotProjection processor = new CustomerRecordSnapshotProjection(queries, snapshots);
        eventStore.readEvents(id).asStream().forEach(processor::on);
        assertThat(snapshots(id)).isEqualTo(events / INTERVAL);
        assertThat(pages.stream().map(queries::handle).toList()).isEqualTo(expected);
        assertThat(queries.handle(new FindCustomerHistory(newWorkspace().id(), id, 2L * INTERVAL, 0, 50, Set.of())))
                .as("another workspace's customer, with snapshots").isEmpty();

        // the page read the snapshot before its cursor: one no longer the stream's is dropped with the others
        jdbc.sql("UPDATE customer_record_snapshot SET event_identifier = 'gone' WHERE customer_id = ? AND sequence_number = ?")
                .params(id, 2L * INTERVAL - 1).update();
        assertThat(queries.handle(pages.get(6 * 2 * INTERVAL + 6))).isEqualTo(expected.get(6 * 2 * INTERVAL + 6));
        assertThat(snapshots(id)).isZero();
    }

    /**
     * Over HTTP with the default interval (1,000): the snapshot of a customer's 1,000th event exists once the processors
     * have caught up, before any {@code as_of} read; the first read answers from it, as the lazy fold does (which still
     * writes a snapshot the processor has not); a replay of the processor, after the table was damaged, writes the
     * same snapshots again.
     */
    @Test
    void theSnapshotsAreWrittenBeforeTheFirstReadAndAReplayRebuildsThem() {
        Workspace ws = newWorkspace();
        Map<String, Object> body = Map.of("name", "Long Story", "email_domain", UUID.randomUUID() + ".example.com");
        Response created = http().post("/v1/customers").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        patch(ws, "/v1/customers/" + id, Map.of("name", "Long Story Told", "custom_fields", Map.of("chapter", 1)));
        // the change copied to 1,100 events, as bench/GdprBench does (the same sealed values)
        jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision,
                            payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                        SELECT gen_random_uuid()::text, e.meta_data, e.payload, e.payload_revision, e.payload_type,
                            e.time_stamp, e.aggregate_identifier, 1 + s, e.type
                        FROM domain_event_entry e, generate_series(1, 1098) s
                        WHERE e.aggregate_identifier = ? AND e.sequence_number = 1""").param(id).update();
        // the processor's wait (every processor handles the 1,100 events; on a loaded machine longer than
        // awaitProcessorsCaughtUp's 30 s)
        awaitSnapshots(id, List.of(999L));
        assertThat(snapshotPlaces(id)).as("written ahead, the default interval: 1,000 events").containsExactly(999L);
        List<List<Object>> written = snapshotRows(id);
        String asOf = "?as_of=" + clock.instant();

        Response first = http().get("/v1/customers/" + id + asOf).token(ws.token()).send();
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("version").asLong()).isEqualTo(1100);
        assertThat(first.json().path("name").asText()).isEqualTo("Long Story Told");
        assertThat(snapshotRows(id)).isEqualTo(written);
        // without it, the read folds every event and writes it once its query committed
        jdbc.sql("DELETE FROM customer_record_snapshot WHERE customer_id = ?").param(id).update();
        Response cold = http().get("/v1/customers/" + id + asOf).token(ws.token()).send();
        assertThat(cold.rawBody()).isEqualTo(first.rawBody());
        assertThat(snapshotPlaces(id)).containsExactly(999L);
        Response warm = http().get("/v1/customers/" + id + asOf).token(ws.token()).send();
        assertThat(warm.rawBody()).isEqualTo(first.rawBody());

        Response foreign = http().get("/v1/customers/" + id + asOf).token(newWorkspace().token()).send();
        Response missing = http().get("/v1/customers/cus_01JD3ZZZZZZZZZZZZZZZZZZZZZ" + asOf).token(ws.token()).send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreign.json().path("type")).isEqualTo(missing.json().path("type"));

        // damage: a snapshot gone, a stray one that no replay would write
        jdbc.sql("DELETE FROM customer_record_snapshot WHERE customer_id = ?").param(id).update();
        jdbc.sql("""
                        INSERT INTO customer_record_snapshot (customer_id, fold_version, sequence_number, event_identifier,
                            folded_through, record) VALUES (?, ?, 7, 'stray', now(), '\\x00')""")
                .params(id, CustomerRecord.FOLD_VERSION).update();
        String projection = "/v1/admin/projections/customer-record-snapshots";
        Response replay = http().post(projection + "/replay").token(ws.token()).send();
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        await("replay of customer-record-snapshots over").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(http().get(projection).token(ws.token()).send().rawBody())
                        .contains("\"status\":\"live\""));
        awaitSnapshots(id, List.of(999L));
        assertThat(snapshotRows(id)).isEqualTo(written);
        Response replayed = http().get("/v1/customers/" + id + asOf).token(ws.token()).send();
        assertThat(replayed.rawBody()).isEqualTo(first.rawBody());
    }

    /** Each instant, in a shuffled order (each fold may write snapshots the next one starts from), answered alike. */
    private void assertFoldsAlike(CustomerHistoryQueries queries, String workspaceId, String id, List<Instant> instants) {
        List<Instant> shuffled = new ArrayList<>(instants);
        Collections.shuffle(shuffled, new Random(instants.size()));
        for (Instant at : shuffled) {
            CustomerView expected = folded(workspaceId, id, at);
            CustomerView actual = queries.handle(new FindCustomerAsOf(workspaceId, id, at)).map(CustomerAsOf::then)
                    .orElse(null);
            assertThat(actual).as("as of %s", at).isEqualTo(expected);
            // the order of the custom fields and the scale of the amounts too
            assertThat(String.valueOf(actual)).as("as of %s", at).isEqualTo(String.valueOf(expected));
        }
    }

    /** The fold of every event up to the instant (at its microsecond), as the as_of query answered before snapshots. */
    private CustomerView folded(String workspaceId, String id, Instant asOf) {
        CustomerRecord record = new CustomerRecord();
        DomainEventStream stream = eventStore.readEvents(id);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Object event = message.getPayload();
            if (message.getSequenceNumber() == 0
                    && !(event instanceof CustomerCreated created && created.workspaceId().equals(workspaceId))) {
                return null;
            }
            Instant at = CustomerRecord.timeOf(event);
            if (at != null && UtcTimestamps.toMicros(at).isAfter(asOf)) {
                break;
            }
            record.apply(event);
        }
        return record.exists() && !record.deleted() ? record.view() : null;
    }

    /** Every event's time and a nanosecond either side, before the first, and the ends of the range of as_of. */
    private List<Instant> instants(String id) {
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z")));
        DomainEventStream stream = eventStore.readEvents(id);
        while (stream.hasNext()) {
            Instant at = CustomerRecord.timeOf(stream.next().getPayload());
            instants.addAll(List.of(at.minusNanos(1), at, at.plusNanos(1)));
        }
        instants.add(instants.get(2).minus(Duration.ofDays(1)));
        return instants.stream().distinct().toList();
    }

    /**
     * A customer of about 40 events of every kind: renamed, amounts with and without a fraction, custom fields set
     * and removed, contacts added, changed and removed, into the trash and back, some at the same instant as the one
     * before, and the clock stepping back once.
     */
    private String customerWithManyEvents(Workspace ws) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Snapshot Person");
        body.put("email_domain", UUID.randomUUID() + ".example.com");
        body.put("arr", 1000);
        body.put("custom_fields", Map.of("tier", "Gold", "score", 7, "ratio", 0.5));
        Response created = http().post("/v1/customers").token(ws.token()).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        String contact = null;
        for (int i = 0; i < 13; i++) {
            clock.advance(Duration.ofMinutes(i % 4 == 0 ? 0 : 1));
            Map<String, Object> custom = new HashMap<>();
            custom.put("score", i);
            custom.put("ratio", i % 3 == 0 ? null : i + 0.25);
            custom.put("added_" + i % 5, "value " + i);
            patch(ws, "/v1/customers/" + id, Map.of("name", "Renamed " + i, "arr", i % 2 == 0 ? 2000 + i : 2000.5 + i,
                    "custom_fields", custom));
            clock.advance(Duration.ofMinutes(1));
            if (contact == null) {
                Response added = http().post("/v1/customers/" + id + "/contacts").token(ws.token())
                        .json(Map.of("name", "Contact " + i, "email", "c" + i + "@example.com")).send();
                assertThat(added.status()).as(added.toString()).isEqualTo(201);
                contact = added.json().path("id").asText();
            } else if (i % 3 == 1) {
                patch(ws, "/v1/customers/" + id + "/contacts/" + contact, Map.of("title", "Title " + i, "is_champion", true));
            } else {
                assertThat(http().delete("/v1/customers/" + id + "/contacts/" + contact).token(ws.token()).send().status())
                        .isEqualTo(204);
                contact = null;
            }
            if (i % 5 == 2) {
                clock.advance(Duration.ofMinutes(1));
                assertThat(http().delete("/v1/customers/" + id).token(ws.token()).send().status()).isEqualTo(204);
                clock.advance(Duration.ofMinutes(1));
                assertThat(http().post("/v1/customers/" + id + "/restore").token(ws.token()).send().status()).isEqualTo(200);
            }
            if (i == 7) {
                clock.advance(Duration.ofMinutes(-30));
            }
        }
        return id;
    }

    private void patch(Workspace ws, String path, Map<String, Object> body) {
        Response patched = http().patch(path).token(ws.token()).json(body).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    }

    private long snapshots(String id) {
        return jdbc.sql("SELECT count(*) FROM customer_record_snapshot WHERE customer_id = ? AND fold_version = ?")
                .params(id, CustomerRecord.FOLD_VERSION).query(Long.class).single();
    }

    private void awaitSnapshots(String id, List<Long> places) {
        await("snapshots at " + places).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> snapshotPlaces(id).equals(places));
    }

    private List<Long> snapshotPlaces(String id) {
        return jdbc.sql("""
                        SELECT sequence_number FROM customer_record_snapshot WHERE customer_id = ? AND fold_version = ?
                        ORDER BY sequence_number""")
                .params(id, CustomerRecord.FOLD_VERSION).query(Long.class).list();
    }

    /** Every snapshot of the customer, its record opened (sealing is not deterministic: its bytes are not compared). */
    private List<List<Object>> snapshotRows(String id) {
        return jdbc.sql("""
                        SELECT sequence_number, event_identifier, folded_through, record FROM customer_record_snapshot
                        WHERE customer_id = ? AND fold_version = ? ORDER BY sequence_number""")
                .params(id, CustomerRecord.FOLD_VERSION)
                .query((rs, n) -> List.<Object>of(rs.getLong(1), rs.getString(2), rs.getObject(3).toString(),
                        String.valueOf(format.<byte[], CustomerRecord.Snapshot>deserialize(new SimpleSerializedObject<>(
                                rs.getBytes(4), byte[].class, CustomerRecord.Snapshot.class.getName(), null)))))
                .list();
    }

    private boolean rawSnapshotsContain(String id, String text) {
        return jdbc.sql("SELECT count(*) FROM customer_record_snapshot WHERE customer_id = ? AND position(? in record) > 0")
                .params(id, text.getBytes(StandardCharsets.UTF_8)).query(Long.class).single() > 0;
    }
}
