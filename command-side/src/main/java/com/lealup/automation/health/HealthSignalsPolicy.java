package com.lealup.automation.health;

import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.api.projections.Lingers;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.usage.UsageRecorded;
import com.lealup.write.health.HealthSignalsPort;
import java.math.BigDecimal;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Keeps each customer's health signals from the events (ingested usage, seats, the workspace's model) and marks
 * the customers whose score may have moved; {@link HealthRecalculation} rescores them in the background, so
 * ingestion never waits for scoring. A mark keeps the trace id of the request whose event made it, for the events
 * of the score it causes (API.md section 1). The state commits with this processor's token, and a recorded batch is
 * applied only past the customer's last applied stream position, so a redelivery counts nothing twice.
 */
@Component
@ProcessingGroup(HealthSignalsPolicy.PROCESSING_GROUP)
@Lingers
class HealthSignalsPolicy {

    static final String PROCESSING_GROUP = RecalculateHealth.SIGNALS_GROUP;

    static final String SEATS = "seats";

    private final HealthSignalsPort store;

    HealthSignalsPolicy(HealthSignalsPort store) {
        this.store = store;
    }

    @EventHandler
    void on(CustomerCreated event, @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        Map<String, Object> custom = event.fields().customFields();
        store.track(event.customerId(), event.workspaceId(), seats(custom), custom != null && custom.containsKey(SEATS),
                traceId);
    }

    @EventHandler
    void on(CustomerUpdated event, @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        Map<String, Object> custom = event.changes().customFields();
        if (custom != null && custom.containsKey(SEATS)) {
            store.track(event.customerId(), event.workspaceId(), seats(custom), true, traceId);
        }
    }

    @EventHandler
    void on(CustomerPurged event) {
        store.forget(event.customerId());
    }

    @EventHandler
    void on(CustomerErased event) {
        store.forget(event.customerId());
    }

    @EventHandler
    void on(UsageRecorded event, TrackingToken token, @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        store.record(event, token.position().orElseThrow(), traceId);
    }

    /** A completed task is a touchpoint with its customer (engagement), at its completion. */
    @EventHandler
    void on(TaskCompleted event, @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        if (event.customerId() != null) {
            store.touchpoint(event.customerId(), event.completedAt(), traceId);
        }
    }

    @EventHandler
    void on(HealthModelChanged event, @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        store.modelChanged(event, traceId);
    }

    @ResetHandler
    void reset() {
        store.reset();
    }

    /**
     * The seat count from the custom field: a whole number of at least 1, else unknown. Read exactly, as a decimal:
     * the API accepts numbers below 10^15 with up to 10 decimals, which neither an int nor a double tells apart.
     */
    private static Long seats(Map<String, Object> customFields) {
        Object seats = customFields == null ? null : customFields.get(SEATS);
        if (seats instanceof Number n) {
            BigDecimal count = new BigDecimal(n.toString());
            if (count.compareTo(BigDecimal.ONE) >= 0 && count.stripTrailingZeros().scale() <= 0) {
                return count.longValueExact();
            }
        }
        return null;
    }
}
