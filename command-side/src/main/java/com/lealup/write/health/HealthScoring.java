package com.lealup.write.health;

import com.lealup.api.DomainRejection;
import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthStatusChanged;
import com.lealup.api.health.RecalculateHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Scores a customer from the health policy's signals and the workspace's model, and publishes the score when it
 * changed. The customer's {@code health_current} row, locked for the command's transaction, holds the score last
 * published: concurrent recalculations of one customer are serial, so {@code previousStatus} and the calculation
 * numbers are exact. No aggregate is loaded (docs/health-model.md explains why).
 */
@Component
class HealthScoring {

    private static final String UNSCORED = "none";

    private final JdbcClient jdbc;
    private final HealthSignalStore signals;
    private final EventBus eventBus;

    HealthScoring(JdbcClient jdbc, HealthSignalStore signals, EventBus eventBus) {
        this.jdbc = jdbc;
        this.signals = signals;
        this.eventBus = eventBus;
    }

    private record Current(long calculation, Integer score, String status, String fingerprint) {
    }

    @CommandHandler
    long handle(RecalculateHealth command, Clock clock) {
        String customerId = command.customerId();
        String workspaceId = command.workspaceId();
        boolean exists = !jdbc.sql("SELECT 1 FROM customer_email_domain_claim WHERE workspace_id = ? AND customer_id = ?")
                .params(workspaceId, customerId).query(Integer.class).list().isEmpty();
        if (!exists) {
            throw DomainRejection.notFound("Customer", customerId);
        }
        Current current = lockCurrent(customerId);
        Instant now = clock.instant();
        HealthModelView model = signals.model(workspaceId);
        HealthFormula.Result result = HealthFormula.score(model, signals.signals(customerId, now), now);
        String fingerprint = fingerprint(result, model.version());
        if (fingerprint.equals(current.fingerprint())) {
            return current.calculation();
        }
        long calculation = current.calculation() + 1;
        jdbc.sql("UPDATE health_current SET calculation = ?, score = ?, status = ?, fingerprint = ? WHERE customer_id = ?")
                .params(calculation, result.score(), result.status(), fingerprint, customerId).update();
        eventBus.publish(GenericEventMessage.asEventMessage(new HealthScoreCalculated(customerId, workspaceId,
                calculation, result.score(), result.status(), current.score(), current.status(), model.version(),
                result.dimensions(), now)));
        if (!Objects.equals(result.status(), current.status())) {
            eventBus.publish(GenericEventMessage.asEventMessage(new HealthStatusChanged(customerId, workspaceId,
                    current.status(), result.status(), result.score(), now)));
        }
        return calculation;
    }

    private Current lockCurrent(String customerId) {
        jdbc.sql("INSERT INTO health_current (customer_id, calculation, fingerprint) VALUES (?, 0, ?) ON CONFLICT DO NOTHING")
                .params(customerId, UNSCORED).update();
        return jdbc.sql("SELECT calculation, score, status, fingerprint FROM health_current WHERE customer_id = ? FOR UPDATE")
                .param(customerId)
                .query((rs, i) -> new Current(rs.getLong(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4)))
                .single();
    }

    /** What makes a score worth publishing: score, status, model version and each dimension's score. */
    private static String fingerprint(HealthFormula.Result result, int modelVersion) {
        if (result.score() == null) {
            return UNSCORED;
        }
        return result.score() + "|" + result.status() + "|v" + modelVersion + "|" + result.dimensions().stream()
                .map(d -> d.key() + "=" + d.score() + "@" + d.weight())
                .collect(Collectors.joining(","));
    }
}
