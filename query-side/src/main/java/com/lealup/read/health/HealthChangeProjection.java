package com.lealup.read.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every published score of a customer with its whole breakdown ({@code health_change}), for
 * {@code GET /v1/customers/{id}/health/changes}. A row is the event as it is; a change is explained against the row
 * of the calculation before it when read ({@link HealthChangeQueries}), so the rows do not depend on the order the
 * events are handled in. Keyed by customer and calculation: a redelivery changes nothing, a replay gives the same
 * rows.
 */
@Component
@ProcessingGroup(HealthChangeProjection.PROCESSING_GROUP)
@ReadModelTables({"health_change"})
class HealthChangeProjection {

    static final String PROCESSING_GROUP = "health-changes";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    HealthChangeProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(HealthScoreCalculated event) {
        jdbc.sql("""
                        INSERT INTO health_change (customer_id, calculation, workspace_id, calculated_at, score,
                            previous_score, status, previous_status, model_version, trigger, dimensions)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS json))
                        ON CONFLICT (customer_id, calculation) DO NOTHING""")
                .params(event.customerId(), event.calculation(), event.workspaceId(),
                        Timestamp.from(event.calculatedAt()), event.score(), event.previousScore(), event.status(),
                        event.previousStatus(), event.modelVersion(), event.trigger(), dimensions(event))
                .update();
    }

    @EventHandler
    void on(CustomerPurged event) {
        jdbc.sql("DELETE FROM health_change WHERE customer_id = ?").param(event.customerId()).update();
    }

    @EventHandler
    void on(CustomerErased event) {
        jdbc.sql("DELETE FROM health_change WHERE customer_id = ?").param(event.customerId()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE health_change").update();
    }

    private String dimensions(HealthScoreCalculated event) {
        try {
            return json.writeValueAsString(event.dimensions() == null ? java.util.List.of() : event.dimensions());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
