package com.lealup.write.health;

import com.lealup.api.DomainRejection;
import com.lealup.api.MetadataKeys;
import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthStatusChanged;
import com.lealup.api.health.HealthTrigger;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.write.customer.ErasureLock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Scores customers from the health policy's signals and the workspace's model, and publishes each score that
 * changed. A customer's {@code health_current} row, locked for the command's transaction, holds the score last
 * published: concurrent recalculations of one customer are serial, so {@code previousStatus} and the calculation
 * numbers are exact. No aggregate is loaded (docs/health-model.md explains why). The background sweep rescores many
 * customers per command, with a fixed number of statements whatever their number; rows are locked in customer id
 * order, so that two sweeps, or a sweep and an on-demand recalculation, cannot deadlock. Nothing is scored while the
 * signals are being rebuilt ({@link HealthSignalStore#completeForScoring}): a score of part of a customer's history
 * would be published for good.
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

    /** A customer's score as {@code health_current} holds it. */
    private record Current(long calculation, Integer score, String status, String fingerprint) {
    }

    private record NewScore(String customerId, Current current) {
    }

    @CommandHandler
    Long handle(RecalculateHealth command, Clock clock) {
        if (!signals.completeForScoring()) {
            // the replay marks the customer again as it passes its events: the sweep scores it after
            return null;
        }
        Map<String, Cause> causes = Map.of(command.customerId(), new Cause(HealthTrigger.MANUAL, null));
        Map<String, Long> calculations = rescore(command.workspaceId(), causes, clock.instant());
        if (calculations.isEmpty()) {
            throw DomainRejection.notFound(command.customerId());
        }
        return calculations.get(command.customerId());
    }

    @CommandHandler
    void handle(RescoreMarkedCustomers command, Clock clock) {
        if (!signals.completeForScoring()) {
            throw DomainRejection.conflict("health_signals_rebuilding",
                    "The health signals are being rebuilt; the marked customers stay marked", Map.of());
        }
        Map<String, Cause> causes = new HashMap<>();
        command.marks().forEach(mark -> causes.put(mark.customerId(), new Cause(mark.trigger(), mark.traceId())));
        rescore(command.workspaceId(), causes, clock.instant());
        signals.clean(command.marks());
    }

    /**
     * What caused a customer's rescore: the trigger its score reports, and the trace id of the request behind it when
     * that is not the command's own (a sweep's mark); null keeps the command's.
     */
    private record Cause(String trigger, String traceId) {

        MetaData metadata() {
            return traceId == null ? MetaData.emptyInstance() : MetaData.with(MetadataKeys.TRACE_ID, traceId);
        }
    }

    /**
     * Rescores the customers of the workspace that exist ({@code causes}: by customer id); answers the calculation in
     * force for each of them.
     */
    private Map<String, Long> rescore(String workspaceId, Map<String, Cause> causes, Instant now) {
        List<String> customerIds = List.copyOf(causes.keySet());
        // scores wholly before an erasure of one of them, which then forgets them, or after it, when it is gone
        ErasureLock.share(jdbc, workspaceId);
        List<String> existing = jdbc.sql("""
                        SELECT customer_id FROM customer_email_domain_claim
                        WHERE workspace_id = ? AND customer_id = ANY(?) ORDER BY customer_id""")
                .params(workspaceId, customerIds.toArray(String[]::new)).query(String.class).list();
        Map<String, Long> calculations = new HashMap<>();
        if (existing.isEmpty()) {
            return calculations;
        }
        Map<String, Current> current = lockCurrent(existing);
        HealthModelView model = signals.model(workspaceId);
        Map<String, HealthSignals> signalsByCustomer = signals.signals(existing, now);
        List<NewScore> changed = new ArrayList<>();
        for (String customerId : existing) {
            Current before = current.get(customerId);
            HealthFormula.Result result = HealthFormula.score(model,
                    signalsByCustomer.getOrDefault(customerId, HealthSignals.NONE), now);
            String fingerprint = fingerprint(result, model.version());
            if (fingerprint.equals(before.fingerprint())) {
                calculations.put(customerId, before.calculation());
                continue;
            }
            long calculation = before.calculation() + 1;
            calculations.put(customerId, calculation);
            changed.add(new NewScore(customerId, new Current(calculation, result.score(), result.status(), fingerprint)));
            Cause cause = causes.get(customerId);
            // the metadata given wins over the command's correlation data (the sweep's trace id)
            eventBus.publish(new GenericEventMessage<>(new HealthScoreCalculated(customerId, workspaceId,
                    calculation, result.score(), result.status(), before.score(), before.status(), model.version(),
                    result.dimensions(), now, cause.trigger()), cause.metadata()));
            if (!Objects.equals(result.status(), before.status())) {
                eventBus.publish(new GenericEventMessage<>(new HealthStatusChanged(customerId, workspaceId,
                        before.status(), result.status(), result.score(), now), cause.metadata()));
            }
        }
        save(changed);
        return calculations;
    }

    /** The new scores into {@code health_current}, in one statement. */
    private void save(List<NewScore> changed) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE health_current h SET calculation = u.calculation, score = u.score, status = u.status,
                            fingerprint = u.fingerprint
                        FROM unnest(CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS integer[]), CAST(? AS text[]),
                                    CAST(? AS text[])) AS u(customer_id, calculation, score, status, fingerprint)
                        WHERE h.customer_id = u.customer_id""")
                .params(changed.stream().map(NewScore::customerId).toArray(String[]::new),
                        changed.stream().map(c -> c.current().calculation()).toArray(Long[]::new),
                        changed.stream().map(c -> c.current().score()).toArray(Integer[]::new),
                        changed.stream().map(c -> c.current().status()).toArray(String[]::new),
                        changed.stream().map(c -> c.current().fingerprint()).toArray(String[]::new))
                .update();
    }

    /** The customers' current rows, created when missing, locked in customer id order ({@code ids} is sorted). */
    private Map<String, Current> lockCurrent(List<String> ids) {
        String[] customers = ids.toArray(String[]::new);
        jdbc.sql("""
                        INSERT INTO health_current (customer_id, calculation, fingerprint)
                        SELECT unnest(CAST(? AS text[])), 0, ? ON CONFLICT DO NOTHING""")
                .params(customers, UNSCORED).update();
        Map<String, Current> current = new HashMap<>();
        jdbc.sql("""
                        SELECT customer_id, calculation, score, status, fingerprint FROM health_current
                        WHERE customer_id = ANY(?) ORDER BY customer_id FOR UPDATE""")
                .param(customers)
                .query((rs, i) -> current.put(rs.getString(1),
                        new Current(rs.getLong(2), (Integer) rs.getObject(3), rs.getString(4), rs.getString(5))))
                .list();
        return current;
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
