package com.lealup.read.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ReadModelTables;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every published score of a customer with its whole breakdown ({@code health_change}), for
 * {@code GET /v1/customers/{id}/health/changes}: a row is the event as it is, and its change explained against the row
 * of the calculation before it ({@code explanation}), as the API writes it, so that a page is read and served without
 * parsing (docs/PERFORMANCE.md, "Explained health changes"). A score that arrives before the one before it is
 * explained again when that one arrives, so the rows do not depend on the order the events are handled in; a
 * customer's events are handled one at a time ({@link HealthChangeProcessingConfiguration}). Keyed by customer and
 * calculation: a redelivery changes nothing, a replay gives the same rows.
 */
@Component
@ProcessingGroup(HealthChangeProjection.PROCESSING_GROUP)
@Lingers
@ReadModelTables({"health_change"})
class HealthChangeProjection {

    static final String PROCESSING_GROUP = RecalculateHealth.CHANGES_GROUP;
    private static final TypeReference<List<DimensionScore>> DIMENSIONS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    HealthChangeProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Keeps, besides the score, its event's identifier and the trace id of its metadata (the request that caused the
     * rescoring, or the sweep's own trace): the customer's history names both.
     */
    @EventHandler
    void on(HealthScoreCalculated event, @MessageIdentifier String eventId,
            @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        String dimensions = write(event.dimensions() == null ? List.of() : event.dimensions());
        // explained as stored and read back: the time as PostgreSQL keeps it (the driver rounds to microseconds), the
        // dimensions as parsed from the stored text (the neighbours' signal values compare with the same types)
        Instant calculatedAt = event.calculatedAt().plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        HealthChangeExplanation.Score score = new HealthChangeExplanation.Score(event.calculation(), calculatedAt,
                event.score(), event.previousScore(), event.status(), event.previousStatus(), event.modelVersion(),
                event.trigger(), read(dimensions), traceId);
        Map<Long, HealthChangeExplanation.Score> neighbours = jdbc.sql("""
                        SELECT calculation, calculated_at, score, previous_score, status, previous_status, model_version,
                            trigger, dimensions::text AS dimensions, trace_id
                        FROM health_change WHERE customer_id = ? AND calculation IN (?, ?)""")
                .params(event.customerId(), event.calculation() - 1, event.calculation() + 1)
                .query((rs, i) -> score(rs)).stream()
                .collect(Collectors.toMap(HealthChangeExplanation.Score::calculation, s -> s));
        jdbc.sql("""
                        INSERT INTO health_change (customer_id, calculation, workspace_id, calculated_at, score,
                            previous_score, status, previous_status, model_version, trigger, dimensions, explanation,
                            event_id, trace_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS json), CAST(? AS json), ?, ?)
                        ON CONFLICT (customer_id, calculation) DO NOTHING""")
                .params(event.customerId(), event.calculation(), event.workspaceId(), Timestamp.from(calculatedAt),
                        event.score(), event.previousScore(), event.status(), event.previousStatus(),
                        event.modelVersion(), event.trigger(), dimensions,
                        explanation(score, neighbours.get(event.calculation() - 1)), eventId, traceId)
                .update();
        HealthChangeExplanation.Score next = neighbours.get(event.calculation() + 1);
        if (next != null) {
            jdbc.sql("UPDATE health_change SET explanation = CAST(? AS json) WHERE customer_id = ? AND calculation = ?")
                    .params(explanation(next, score), event.customerId(), next.calculation())
                    .update();
        }
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

    /** The change as the API writes it (the application's naming and number formats: the same mapper). */
    private String explanation(HealthChangeExplanation.Score after, HealthChangeExplanation.Score before) {
        return write(HealthChangeExplanation.explain(after, before));
    }

    private HealthChangeExplanation.Score score(ResultSet rs) throws SQLException {
        return new HealthChangeExplanation.Score(rs.getLong("calculation"),
                rs.getTimestamp("calculated_at").toInstant(), (Integer) rs.getObject("score"),
                (Integer) rs.getObject("previous_score"), rs.getString("status"), rs.getString("previous_status"),
                rs.getInt("model_version"), rs.getString("trigger"), read(rs.getString("dimensions")),
                rs.getString("trace_id"));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<DimensionScore> read(String dimensions) {
        try {
            return json.readValue(dimensions, DIMENSIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dimensions of a health change are not JSON", e);
        }
    }
}
