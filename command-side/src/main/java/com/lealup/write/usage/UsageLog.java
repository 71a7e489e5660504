package com.lealup.write.usage;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.usage.IncomingUsageEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * The usage log: every accepted usage event as the client sent it, with our id. It is the system of record for raw
 * usage, written in the ingestion command's transaction, append-only; the domain event of a batch
 * ({@code UsageRecorded}) carries only its per-customer summary. One row per batch and customer
 * ({@code usage_log}, the events as a JSON array) keeps the write to a few index entries per batch; client event
 * ids are claimed one by one ({@code usage_event_id_claim}) for exact de-duplication. A purge erases the
 * customer's rows. {@code GET /v1/events} reads this log, as the audit trail reads the event store.
 */
@Component
class UsageLog implements UsageLogPort {

    /** An event to store: our id and what the client sent. */
    record Entry(String id, IncomingUsageEvent event) {
    }

    private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    UsageLog(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Claims the client event ids for the workspace; answers those that were not claimed before. Exact under
     * concurrency, and cheap for a new batch: the ids are inserted plainly, half the cost of {@code ON CONFLICT},
     * which probes the index before each row. When one is taken (a retried batch, or a concurrent batch claiming the
     * same id, whose transaction the insert waits for), the insert fails on the primary key; it is undone to a
     * savepoint and redone with {@code ON CONFLICT DO NOTHING RETURNING}, which skips the ids already committed. So
     * exactly one batch stores each event id.
     */
    Set<String> claimNew(String workspaceId, Collection<String> clientEventIds) {
        if (clientEventIds.isEmpty()) {
            return Set.of();
        }
        String[] ids = clientEventIds.toArray(String[]::new);
        Connection connection = DataSourceUtils.getConnection(dataSource); // the command's transaction
        try {
            Savepoint beforeClaims = connection.setSavepoint();
            try {
                jdbc.sql("INSERT INTO usage_event_id_claim (workspace_id, event_id) SELECT ?, unnest(?)")
                        .params(workspaceId, ids).update();
                connection.releaseSavepoint(beforeClaims);
                return new HashSet<>(clientEventIds);
            } catch (DuplicateKeyException alreadyClaimed) {
                connection.rollback(beforeClaims);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("savepoint of the event id claims failed", e);
        }
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO usage_event_id_claim (workspace_id, event_id)
                        SELECT ?, unnest(?) ON CONFLICT DO NOTHING RETURNING event_id""")
                .params(workspaceId, ids)
                .query(String.class).list());
    }

    /** Stores a batch, one row per customer, in one statement. */
    void append(String workspaceId, String batchId, Instant receivedAt, Collection<CustomerBatch> byCustomer) {
        int n = byCustomer.size();
        String[] customers = new String[n];
        String[] firstAt = new String[n]; // ISO instants and numbers as text: the driver sends String[] as text[]
        String[] lastAt = new String[n];
        String[] counts = new String[n];
        // the rows' event arrays as one JSON document, [[...], [...]]: as a text[] every quote of the JSON would be
        // escaped by the driver and unescaped by PostgreSQL
        int eventCount = byCustomer.stream().mapToInt(customer -> customer.entries().size()).sum();
        StringBuilder events = new StringBuilder(eventCount * 200).append('[');
        int i = 0;
        for (CustomerBatch customer : byCustomer) {
            customers[i] = customer.customerId();
            firstAt[i] = customer.firstAt().toString();
            lastAt[i] = customer.lastAt().toString();
            counts[i] = String.valueOf(customer.entries().size());
            appendJson(i == 0 ? events : events.append(','), customer.entries());
            i++;
        }
        jdbc.sql("""
                        INSERT INTO usage_log (batch_id, customer_id, workspace_id, first_at, last_at, received_at,
                            event_count, events)
                        SELECT ?, c.customer_id, ?, c.first_at, c.last_at, ?, c.events_n, e.events
                        FROM unnest(CAST(? AS text[]), CAST(CAST(? AS text[]) AS timestamptz[]),
                                    CAST(CAST(? AS text[]) AS timestamptz[]), CAST(CAST(? AS text[]) AS int[]))
                                WITH ORDINALITY AS c(customer_id, first_at, last_at, events_n, nr)
                            JOIN json_array_elements(CAST(? AS json)) WITH ORDINALITY AS e(events, nr) USING (nr)""")
                .params(batchId, workspaceId, Timestamp.from(receivedAt), customers, firstAt, lastAt, counts,
                        events.append(']').toString())
                .update();
    }

    /** The events of {@code types} a batch stored for a customer, in time order. */
    @Override
    public List<LoggedEvent> events(String batchId, String customerId, Collection<String> types) {
        return jdbc.sql("""
                        SELECT e.id, e.type
                        FROM usage_log l, json_to_recordset(l.events) AS e(id text, type text, "timestamp" timestamptz)
                        WHERE l.batch_id = ? AND l.customer_id = ? AND e.type = ANY(?)
                        ORDER BY e."timestamp", e.id""")
                .params(batchId, customerId, types.toArray(String[]::new))
                .query((rs, i) -> new LoggedEvent(rs.getString(1), rs.getString(2))).list();
    }

    /**
     * Erases a purged customer's usage: its log rows and the claims of their client event ids, so that nothing the
     * client sent about the customer is left, and those ids are free again. One statement.
     */
    @Override
    public void erase(String workspaceId, String customerId) {
        jdbc.sql("""
                        WITH erased AS (DELETE FROM usage_log WHERE workspace_id = ? AND customer_id = ? RETURNING events)
                        DELETE FROM usage_event_id_claim c
                        USING erased, json_to_recordset(erased.events) AS e(event_id text)
                        WHERE c.workspace_id = ? AND c.event_id = e.event_id""")
                .params(workspaceId, customerId, workspaceId).update();
    }

    /**
     * {@code [{id, event_id, type, contact_email, timestamp, properties}]}, the shape GET /v1/events reads. Written by
     * hand: it is the hottest loop of ingestion, and Jackson's generator cost twice as much for these flat objects.
     */
    private static void appendJson(StringBuilder out, List<Entry> entries) {
        out.append('[');
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            IncomingUsageEvent e = entry.event();
            out.append(i == 0 ? "{\"id\":\"" : ",{\"id\":\"").append(entry.id()).append('"'); // our ids need no escaping
            string(out.append(",\"event_id\":"), e.clientEventId());
            string(out.append(",\"type\":"), e.type());
            string(out.append(",\"contact_email\":"), e.contactEmail());
            UtcTimestamps.append(out.append(",\"timestamp\":\""), e.timestamp()).append('"');
            out.append(",\"properties\":").append(e.properties()).append('}'); // the client's JSON object, as validated
        }
        out.append(']');
    }

    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
        } else if (needsEscaping(value)) {
            JSON_STRINGS.quoteAsString(value, out.append('"'));
            out.append('"');
        } else {
            out.append('"').append(value).append('"');
        }
    }

    /** What JSON requires to escape in a string: quotes, backslashes and control characters. */
    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
