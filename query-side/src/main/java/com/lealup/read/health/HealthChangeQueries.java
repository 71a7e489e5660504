package com.lealup.read.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.FindHealthChanges;
import com.lealup.api.health.HealthChanges;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers {@link FindHealthChanges} from {@code health_change}: a page of a customer's scores, newest first (keyset
 * on the calculation number), each with the row of the calculation before it, in one query on the primary key.
 */
@Component
class HealthChangeQueries {

    private static final TypeReference<List<DimensionScore>> DIMENSIONS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    HealthChangeQueries(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    HealthChanges handle(FindHealthChanges query) {
        StringBuilder sql = new StringBuilder("""
                SELECT c.calculation, c.calculated_at, c.score, c.previous_score, c.status, c.previous_status,
                    c.model_version, c.trigger, c.dimensions::text AS dimensions,
                    p.calculation AS p_calculation, p.calculated_at AS p_calculated_at, p.score AS p_score,
                    p.previous_score AS p_previous_score, p.status AS p_status, p.previous_status AS p_previous_status,
                    p.model_version AS p_model_version, p.trigger AS p_trigger, p.dimensions::text AS p_dimensions
                FROM health_change c
                LEFT JOIN health_change p ON p.customer_id = c.customer_id AND p.calculation = c.calculation - 1
                WHERE c.customer_id = :customer AND c.workspace_id = :ws""");
        if (query.from() != null) {
            sql.append(" AND c.calculated_at >= :from");
        }
        if (query.to() != null) {
            sql.append(" AND c.calculated_at < :to");
        }
        if (query.beforeCalculation() != null) {
            sql.append(" AND c.calculation < :before");
        }
        sql.append(" ORDER BY c.calculation DESC LIMIT :limit");
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
        return new HealthChanges(statement.query((rs, i) -> HealthChangeExplanation.explain(score(rs, ""),
                rs.getObject("p_calculation") == null ? null : score(rs, "p_"))).list());
    }

    private HealthChangeExplanation.Score score(ResultSet rs, String prefix) throws SQLException {
        try {
            return new HealthChangeExplanation.Score(rs.getLong(prefix + "calculation"),
                    rs.getTimestamp(prefix + "calculated_at").toInstant(), (Integer) rs.getObject(prefix + "score"),
                    (Integer) rs.getObject(prefix + "previous_score"), rs.getString(prefix + "status"),
                    rs.getString(prefix + "previous_status"), rs.getInt(prefix + "model_version"),
                    rs.getString(prefix + "trigger"), json.readValue(rs.getString(prefix + "dimensions"), DIMENSIONS));
        } catch (JsonProcessingException e) {
            throw new SQLException("dimensions of a health change are not JSON", e);
        }
    }
}
