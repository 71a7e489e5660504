package com.lealup.read.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.health.FindHealthCalculation;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Customers' health: the current score with its breakdown ({@code health_view}) and every score change
 * ({@code health_score_change}, the history). Both are guarded by the customer's calculation number, so a
 * redelivery changes nothing and a replay gives the same rows. Tells subscribers of {@link FindHealthCalculation}
 * the calculation it now shows.
 */
@Component
@ProcessingGroup(CustomerHealthProjection.PROCESSING_GROUP)
@ReadModelTables({"health_view", "health_score_change"})
class CustomerHealthProjection {

    static final String PROCESSING_GROUP = "customer-health";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final QueryUpdateEmitter emitter;

    CustomerHealthProjection(JdbcClient jdbc, ObjectMapper json, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.json = json;
        this.emitter = emitter;
    }

    @EventHandler
    void on(HealthScoreCalculated event) {
        Timestamp at = Timestamp.from(event.calculatedAt());
        jdbc.sql("""
                        INSERT INTO health_view (customer_id, workspace_id, calculation, score, status, model_version,
                            dimensions, calculated_at)
                        VALUES (:customer, :ws, :calculation, :score, :status, :version, CAST(:dimensions AS jsonb), :at)
                        ON CONFLICT (customer_id) DO UPDATE SET calculation = EXCLUDED.calculation, score = EXCLUDED.score,
                            status = EXCLUDED.status, model_version = EXCLUDED.model_version,
                            dimensions = EXCLUDED.dimensions, calculated_at = EXCLUDED.calculated_at
                        WHERE health_view.calculation < EXCLUDED.calculation""")
                .param("customer", event.customerId())
                .param("ws", event.workspaceId())
                .param("calculation", event.calculation())
                .param("score", event.score())
                .param("status", event.status())
                .param("version", event.modelVersion())
                .param("dimensions", toJson(event))
                .param("at", at)
                .update();
        jdbc.sql("""
                        INSERT INTO health_score_change (customer_id, calculation, workspace_id, score, status, calculated_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(event.customerId(), event.calculation(), event.workspaceId(), event.score(), event.status(), at)
                .update();
        emitter.emit(FindHealthCalculation.class, q -> q.customerId().equals(event.customerId()), event.calculation());
    }

    @EventHandler
    void on(CustomerPurged event) {
        forget(event.customerId());
    }

    @EventHandler
    void on(CustomerErased event) {
        forget(event.customerId());
    }

    private void forget(String customerId) {
        jdbc.sql("DELETE FROM health_score_change WHERE customer_id = ?").param(customerId).update();
        jdbc.sql("DELETE FROM health_view WHERE customer_id = ?").param(customerId).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE health_view, health_score_change").update();
    }

    private String toJson(HealthScoreCalculated event) {
        try {
            return json.writeValueAsString(event.dimensions());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
