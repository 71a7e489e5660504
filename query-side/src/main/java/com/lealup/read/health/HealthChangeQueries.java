package com.lealup.read.health;

import com.lealup.api.health.FindHealthChanges;
import com.lealup.api.health.HealthChanges;
import java.sql.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers {@link FindHealthChanges} from {@code health_change}: a page of a customer's scores, newest first (keyset
 * on the calculation number), each with its change as the projection explained and wrote it, in one range of the
 * primary key.
 */
@Component
class HealthChangeQueries {

    private final JdbcClient jdbc;

    HealthChangeQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    HealthChanges handle(FindHealthChanges query) {
        StringBuilder sql = new StringBuilder("""
                SELECT calculation, explanation FROM health_change
                WHERE customer_id = :customer AND workspace_id = :ws""");
        if (query.from() != null) {
            sql.append(" AND calculated_at >= :from");
        }
        if (query.to() != null) {
            sql.append(" AND calculated_at < :to");
        }
        if (query.beforeCalculation() != null) {
            sql.append(" AND calculation < :before");
        }
        sql.append(" ORDER BY calculation DESC LIMIT :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString())
                .param("customer", query.customerId())
                .param("ws", query.workspaceId())
                .param("limit", query.limit() + 1);
        if (query.from() != null) {
            statement = statement.param("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            statement = statement.param("to", Timestamp.from(query.to()));
        }
        if (query.beforeCalculation() != null) {
            statement = statement.param("before", query.beforeCalculation());
        }
        return new HealthChanges(statement.query((rs, i) ->
                new HealthChanges.Entry(rs.getLong("calculation"), rs.getString("explanation"))).list());
    }
}
