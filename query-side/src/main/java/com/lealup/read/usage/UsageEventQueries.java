package com.lealup.read.usage;

import com.lealup.api.usage.ListUsageEvents;
import com.lealup.api.usage.UsageEventList;
import com.lealup.api.usage.UsageEventView;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pages of the usage log (written by ingestion, one row per batch and customer: docs/ingestion.md), newest first,
 * keyset on (timestamp, id). The rows are found by their time span and unpacked in SQL. A page is searched in a
 * window of time ending at the newest candidate, widened (1, 4, 16, 64, 256 days, then everything) until it holds
 * a full page: every event of the window is read, so the answer is exact, and a page of recent events never
 * unpacks the whole history. The window yields the page's events without their properties, which can be megabytes
 * each; only then are the properties of the page's events read, up to {@link #PAGE_PROPERTIES_BUDGET}: what a page
 * holds in memory is bounded by the page, not by the window. An erased customer's events are left out from the
 * erasure's commit (its data key's {@code erased_at}), though the trash-purge group deletes its rows a little later.
 */
@Component
class UsageEventQueries {

    /**
     * The bytes of properties (their JSON text) a page carries at most: a page ends before the event that would pass
     * it, with a cursor to the rest, but holds one event at least (a body, so one event, is at most 8 MB by default).
     */
    static final long PAGE_PROPERTIES_BUDGET = 16L * 1024 * 1024;

    private static final List<Duration> WINDOWS = List.of(Duration.ofDays(1), Duration.ofDays(4), Duration.ofDays(16),
            Duration.ofDays(64), Duration.ofDays(256));

    /** An event of a page before its properties are read, and the log row that holds it. */
    private record Found(String batchId, UsageEventView event) {

        UsageEventView withProperties(String properties) {
            UsageEventView e = event;
            return new UsageEventView(e.id(), e.clientEventId(), e.customerId(), e.type(), e.contactEmail(),
                    e.timestamp(), properties, e.receivedAt());
        }
    }

    private static final RowMapper<Found> FOUND = (rs, i) -> new Found(rs.getString("batch_id"),
            new UsageEventView(rs.getString("id"), rs.getString("event_id"), rs.getString("customer_id"),
                    rs.getString("type"), rs.getString("contact_email"), rs.getTimestamp("at").toInstant(), null,
                    rs.getTimestamp("received_at").toInstant()));

    private final JdbcClient jdbc;

    UsageEventQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    UsageEventList handle(ListUsageEvents query) {
        List<Found> found = found(query);
        List<Found> page = found.subList(0, Math.min(found.size(), query.limit()));
        Map<String, Long> sizes = properties(page, "CAST(coalesce(octet_length(e.properties), 0) AS bigint)", Long.class);
        int fits = 0;
        long bytes = 0;
        for (Found event : page) {
            bytes += sizes.getOrDefault(event.event().id(), 0L); // absent: purged since it was found
            if (fits > 0 && bytes > PAGE_PROPERTIES_BUDGET) {
                break;
            }
            fits++;
        }
        List<Found> served = page.subList(0, fits);
        Map<String, String> properties = properties(served, "e.properties", String.class);
        List<UsageEventView> rows = new ArrayList<>(fits + 1);
        served.forEach(event -> rows.add(event.withProperties(properties.get(event.event().id()))));
        if (found.size() > fits) {
            rows.add(found.get(fits).event()); // tells that more follow; its properties are not served
        }
        return new UsageEventList(rows, fits < page.size() ? fits : query.limit());
    }

    /** The events of the page and one more when more follow, without their properties. */
    private List<Found> found(ListUsageEvents query) {
        Instant newest = newest(query);
        if (newest == null) {
            return List.of();
        }
        for (Duration window : WINDOWS) {
            Instant start = newest.minus(window);
            boolean reachesFrom = query.from() != null && !start.isAfter(query.from());
            List<Found> page = page(query, reachesFrom ? query.from() : start);
            if (page.size() > query.limit() || reachesFrom) {
                return page;
            }
        }
        return page(query, query.from());
    }

    /** The latest time a matching event can have: the newest row's last event, capped by {@code to} and the cursor. */
    private Instant newest(ListUsageEvents query) {
        StringBuilder sql = new StringBuilder("SELECT last_at FROM usage_log WHERE workspace_id = :ws");
        MapSqlParameterSource params = new MapSqlParameterSource("ws", query.workspaceId());
        if (query.customerId() != null) {
            sql.append(" AND customer_id = :customer");
            params.addValue("customer", query.customerId());
        }
        sql.append(" ORDER BY last_at DESC LIMIT 1");
        Optional<Timestamp> newest = jdbc.sql(sql.toString()).paramSource(params).query(Timestamp.class).optional();
        if (newest.isEmpty()) {
            return null;
        }
        Instant at = newest.get().toInstant();
        if (query.to() != null && query.to().isBefore(at)) {
            at = query.to();
        }
        if (!query.after().isEmpty()) {
            Instant cursor = Instant.parse(query.after().get("timestamp"));
            at = cursor.isBefore(at) ? cursor : at;
        }
        return at;
    }

    /**
     * A {@code column} of the {@code events}' properties ({@code e.properties}, their JSON text), by event id: each
     * log row that holds some of them is unpacked once.
     */
    private <T> Map<String, T> properties(List<Found> events, String column, Class<T> type) {
        Map<String, T> byId = new HashMap<>();
        if (events.isEmpty()) {
            return byId;
        }
        jdbc.sql("""
                        SELECT e.id, %s
                        FROM (SELECT DISTINCT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]))) AS r(batch_id, customer_id)
                            JOIN usage_log l USING (batch_id, customer_id),
                            json_to_recordset(l.events) AS e(id text, properties text)
                        WHERE e.id = ANY(?)""".formatted(column))
                .params(events.stream().map(Found::batchId).toArray(String[]::new),
                        events.stream().map(event -> event.event().customerId()).toArray(String[]::new),
                        events.stream().map(event -> event.event().id()).toArray(String[]::new))
                .query((RowCallbackHandler) rs -> byId.put(rs.getString(1), rs.getObject(2, type)));
        return byId;
    }

    /** The page among the events at or after {@code since} (null: all), from the rows whose span can hold them. */
    private List<Found> page(ListUsageEvents query, Instant since) {
        StringBuilder sql = new StringBuilder("""
                SELECT l.batch_id, e.id, e.event_id, l.customer_id, e.type, e.contact_email, e."timestamp" AS at,
                    l.received_at
                FROM usage_log l, json_to_recordset(l.events) AS e(id text, event_id text, type text,
                    contact_email text, "timestamp" timestamptz)
                WHERE l.workspace_id = :ws
                    AND NOT EXISTS (SELECT 1 FROM customer_key k
                                    WHERE k.customer_id = l.customer_id AND k.erased_at IS NOT NULL)""");
        MapSqlParameterSource params = new MapSqlParameterSource("ws", query.workspaceId());
        if (query.customerId() != null) {
            sql.append(" AND l.customer_id = :customer");
            params.addValue("customer", query.customerId());
        }
        if (since != null) {
            sql.append(" AND l.last_at >= :since AND e.\"timestamp\" >= :since");
            params.addValue("since", Timestamp.from(since));
        }
        if (query.to() != null) {
            sql.append(" AND l.first_at < :to AND e.\"timestamp\" < :to");
            params.addValue("to", Timestamp.from(query.to()));
        }
        if (!query.after().isEmpty()) {
            sql.append(" AND l.first_at <= CAST(:afterAt AS timestamptz)")
                    .append(" AND (e.\"timestamp\", e.id) < (CAST(:afterAt AS timestamptz), :afterId)");
            params.addValue("afterAt", query.after().get("timestamp"));
            params.addValue("afterId", query.after().get("id"));
        }
        if (!query.types().isEmpty()) {
            sql.append(" AND e.type IN (:types)");
            params.addValue("types", query.types());
        }
        sql.append(" ORDER BY e.\"timestamp\" DESC, e.id DESC LIMIT :limit");
        params.addValue("limit", query.limit() + 1);
        return jdbc.sql(sql.toString()).paramSource(params).query(FOUND).list();
    }
}
