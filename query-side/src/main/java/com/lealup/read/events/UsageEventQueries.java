package com.lealup.read.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.usage.ListUsageEvents;
import com.lealup.api.usage.UsageEventList;
import com.lealup.api.usage.UsageEventView;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Pages of ingested events, newest first, keyset on (timestamp, id). */
@Component
class UsageEventQueries {

    private final JdbcClient jdbc;
    private final RowMapper<UsageEventView> row;

    UsageEventQueries(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        TypeReference<Map<String, Object>> map = new TypeReference<>() { };
        this.row = (rs, i) -> {
            try {
                return new UsageEventView(rs.getString("id"), rs.getString("client_event_id"),
                        rs.getString("customer_id"), rs.getString("type"), rs.getString("contact_email"),
                        rs.getTimestamp("occurred_at").toInstant(), json.readValue(rs.getString("properties"), map),
                        rs.getTimestamp("received_at").toInstant());
            } catch (JsonProcessingException e) {
                throw new SQLException("properties of " + rs.getString("id") + " are not JSON", e);
            }
        };
    }

    @QueryHandler
    UsageEventList handle(ListUsageEvents query) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, client_event_id, customer_id, type, contact_email, occurred_at, properties::text AS properties,
                    received_at
                FROM usage_event_view WHERE workspace_id = :ws""");
        MapSqlParameterSource params = new MapSqlParameterSource("ws", query.workspaceId());
        if (query.customerId() != null) {
            sql.append(" AND customer_id = :customer");
            params.addValue("customer", query.customerId());
        }
        if (query.type() != null) {
            sql.append(" AND type = :type");
            params.addValue("type", query.type());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= :from");
            params.addValue("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < :to");
            params.addValue("to", Timestamp.from(query.to()));
        }
        if (!query.after().isEmpty()) {
            sql.append(" AND (occurred_at, id) < (CAST(:afterAt AS timestamptz), :afterId)");
            params.addValue("afterAt", query.after().get("timestamp"));
            params.addValue("afterId", query.after().get("id"));
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");
        params.addValue("limit", query.limit() + 1);
        return new UsageEventList(jdbc.sql(sql.toString()).paramSource(params).query(row).list());
    }
}
