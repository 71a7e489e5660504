package com.lealup.read.usage;

import com.lealup.api.usage.ListUsageEvents;
import com.lealup.api.usage.UsageEventList;
import com.lealup.api.usage.UsageEventView;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pages of the usage log (written by ingestion, one row per batch and customer: docs/ingestion.md), newest first,
 * keyset on (timestamp, id). The rows are found by their time span and unpacked in SQL. A page is searched in a
 * window of time ending at the newest candidate, widened (1, 4, 16, 64, 256 days, then everything) until it holds
 * a full page: every event of the window is read, so the answer is exact, and a page of recent events never
 * unpacks the whole history.
 */
@Component
class UsageEventQueries {

    private static final List<Duration> WINDOWS = List.of(Duration.ofDays(1), Duration.ofDays(4), Duration.ofDays(16),
            Duration.ofDays(64), Duration.ofDays(256));

    private final JdbcClient jdbc;
    private final RowMapper<UsageEventView> row;

    UsageEventQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.row = (rs, i) -> new UsageEventView(rs.getString("id"), rs.getString("event_id"),
                rs.getString("customer_id"), rs.getString("type"), rs.getString("contact_email"),
                rs.getTimestamp("at").toInstant(), rs.getString("properties"), rs.getTimestamp("received_at").toInstant());
    }

    @QueryHandler
    UsageEventList handle(ListUsageEvents query) {
        Instant newest = newest(query);
        if (newest == null) {
            return new UsageEventList(List.of());
        }
        for (Duration window : WINDOWS) {
            Instant start = newest.minus(window);
            boolean reachesFrom = query.from() != null && !start.isAfter(query.from());
            List<UsageEventView> page = page(query, reachesFrom ? query.from() : start);
            if (page.size() > query.limit() || reachesFrom) {
                return new UsageEventList(page);
            }
        }
        return new UsageEventList(page(query, query.from()));
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

    /** The page among the events at or after {@code since} (null: all), from the rows whose span can hold them. */
    private List<UsageEventView> page(ListUsageEvents query, Instant since) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.id, e.event_id, l.customer_id, e.type, e.contact_email, e."timestamp" AS at,
                    e.properties::text AS properties, l.received_at
                FROM usage_log l, json_to_recordset(l.events) AS e(id text, event_id text, type text,
                    contact_email text, "timestamp" timestamptz, properties json)
                WHERE l.workspace_id = :ws""");
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
        return jdbc.sql(sql.toString()).paramSource(params).query(row).list();
    }
}
