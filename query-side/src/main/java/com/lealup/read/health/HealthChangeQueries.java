package com.lealup.read.health;

import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.FindCustomerHealthAsOf;
import com.lealup.api.health.FindHealthChangeLog;
import com.lealup.api.health.FindHealthChanges;
import com.lealup.api.health.HealthChangeLog;
import com.lealup.api.health.HealthChanges;
import java.sql.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers {@link FindHealthChanges} from {@code health_change}: a page of a customer's scores, newest first (keyset
 * on the calculation number), each with its change as the projection explained and wrote it, in one range of the
 * primary key; {@link FindHealthChangeLog} (the changes of score in a customer's history), oldest first; and
 * {@link FindCustomerHealthAsOf} (the score a customer's time travel shows), every published score being a row.
 */
@Component
class HealthChangeQueries {

    private final JdbcClient jdbc;
    private final HealthRows rows;

    HealthChangeQueries(JdbcClient jdbc, HealthRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** The last score published at or before the instant: a row has {@code health_view}'s columns, as it was then. */
    @QueryHandler
    CustomerHealthView handle(FindCustomerHealthAsOf query) {
        return jdbc.sql("SELECT " + HealthRows.COLUMNS + """
                         FROM health_change WHERE customer_id = ? AND workspace_id = ? AND calculated_at <= ?
                        ORDER BY calculated_at DESC, calculation DESC LIMIT 1""")
                .params(query.customerId(), query.workspaceId(), Timestamp.from(query.asOf()))
                .query((rs, i) -> rows.current(rs, 1, query.customerId())).optional()
                .orElse(HealthRows.unscored(query.customerId()));
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

    /**
     * A page of the customer's scores that changed the score or the status, after a calculation, oldest first: one
     * range of the partial index {@code health_change_moved} (V37), whose predicate this one repeats.
     */
    @QueryHandler
    HealthChangeLog handle(FindHealthChangeLog query) {
        return new HealthChangeLog(jdbc.sql("""
                        SELECT event_id, calculation, calculated_at, score, previous_score, status, previous_status,
                            trace_id
                        FROM health_change
                        WHERE customer_id = ? AND workspace_id = ? AND calculation > ?
                            AND (score IS DISTINCT FROM previous_score OR status IS DISTINCT FROM previous_status)
                        ORDER BY calculation LIMIT ?""")
                .params(query.customerId(), query.workspaceId(), query.afterCalculation(), query.limit())
                .query((rs, i) -> new HealthChangeLog.Entry(rs.getString("event_id"), rs.getLong("calculation"),
                        rs.getTimestamp("calculated_at").toInstant(), (Integer) rs.getObject("score"),
                        (Integer) rs.getObject("previous_score"), rs.getString("status"),
                        rs.getString("previous_status"), rs.getString("trace_id")))
                .list());
    }
}
