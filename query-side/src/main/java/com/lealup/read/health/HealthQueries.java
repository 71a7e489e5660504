package com.lealup.read.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.FindCustomerHealth;
import com.lealup.api.health.FindHealthCalculation;
import com.lealup.api.health.FindHealthHistory;
import com.lealup.api.health.FindHealthModel;
import com.lealup.api.health.FindHealthModelVersion;
import com.lealup.api.health.HealthHistory;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthModels;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the health queries from the health read models. */
@Component
class HealthQueries {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final HealthRows rows;

    HealthQueries(JdbcClient jdbc, ObjectMapper json, HealthRows rows) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = rows;
    }

    @QueryHandler
    HealthModelView handle(FindHealthModel query) {
        return jdbc.sql("SELECT model::text FROM health_model_view WHERE workspace_id = ?").param(query.workspaceId())
                .query(String.class).optional().map(this::model).orElse(HealthModels.DEFAULT);
    }

    @QueryHandler
    Integer handle(FindHealthModelVersion query) {
        return jdbc.sql("SELECT version FROM health_model_view WHERE workspace_id = ?").param(query.workspaceId())
                .query(Integer.class).optional().orElse(HealthModels.DEFAULT.version());
    }

    @QueryHandler
    Long handle(FindHealthCalculation query) {
        return jdbc.sql("SELECT calculation FROM health_view WHERE customer_id = ?").param(query.customerId())
                .query(Long.class).optional().orElse(0L);
    }

    @QueryHandler
    CustomerHealthView handle(FindCustomerHealth query) {
        return jdbc.sql("SELECT " + HealthRows.COLUMNS + " FROM health_view WHERE customer_id = ? AND workspace_id = ?")
                .params(query.customerId(), query.workspaceId())
                .query((rs, i) -> rows.current(rs, 1, query.customerId())).optional()
                .map(health -> health.withTrend(
                        delta(query.customerId(), health.score(), query.now().minus(Duration.ofDays(7))),
                        delta(query.customerId(), health.score(), query.now().minus(Duration.ofDays(30)))))
                .orElse(HealthRows.unscored(query.customerId()));
    }

    @QueryHandler
    HealthHistory handle(FindHealthHistory query) {
        HealthModelView model = handle(new FindHealthModel(query.workspaceId()));
        Instant fromStart = query.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<HealthSeries.Change> changes = jdbc.sql("""
                        (SELECT calculation, score, status, calculated_at FROM health_score_change
                         WHERE customer_id = :customer AND workspace_id = :ws AND calculated_at < :fromStart
                         ORDER BY calculated_at DESC, calculation DESC LIMIT 1)
                        UNION ALL
                        (SELECT calculation, score, status, calculated_at FROM health_score_change
                         WHERE customer_id = :customer AND workspace_id = :ws AND calculated_at >= :fromStart)
                        ORDER BY calculated_at, calculation""")
                .param("customer", query.customerId())
                .param("ws", query.workspaceId())
                .param("fromStart", Timestamp.from(fromStart))
                .query((rs, i) -> new HealthSeries.Change(rs.getTimestamp("calculated_at").toInstant(),
                        (Integer) rs.getObject("score"), rs.getString("status")))
                .list();
        HealthSeries series = new HealthSeries(changes, query.now());
        return new HealthHistory(query.weekly()
                ? series.weekly(query.from(), query.to(), model.thresholds())
                : series.daily(query.from(), query.to()));
    }

    /** The score now minus the score in force at {@code then}; null when either is unknown. */
    private Integer delta(String customerId, Integer score, Instant then) {
        if (score == null) {
            return null;
        }
        return jdbc.sql("""
                        SELECT score FROM health_score_change WHERE customer_id = ? AND calculated_at <= ?
                        ORDER BY calculated_at DESC, calculation DESC LIMIT 1""")
                .params(customerId, Timestamp.from(then))
                .query((rs, i) -> (Integer) rs.getObject(1)).optional()
                .filter(java.util.Objects::nonNull)
                .map(past -> score - past)
                .orElse(null);
    }

    private HealthModelView model(String text) {
        try {
            return json.readValue(text, HealthModelView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("health model is not JSON", e);
        }
    }
}
