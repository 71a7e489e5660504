package com.lealup.read.health;

import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthTrigger;
import com.lealup.read.ReadModelDatabase;
import com.lealup.testing.ProcessingOrders;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.Test;

/** Customers' current health and its history, as the processor may hand the events over on several segments. */
class CustomerHealthProjectionTest {

    private static final String WS = "wsp_customer_health_test";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private final CustomerHealthProjection projection = new CustomerHealthProjection(ReadModelDatabase.jdbc(),
            new ObjectMapper(), SimpleQueryUpdateEmitter.builder().build());

    @Test
    void anErasedCustomersHealthIsGoneWhicheverSegmentHandlesItsEventsFirst() {
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(
                ProcessingOrders.registeredFor(CustomerHealthProjection.PROCESSING_GROUP,
                        new CustomerHealthProcessingConfiguration().customerHealthSequencedByCustomer()),
                ProcessingOrders.ofNoAggregate(new HealthScoreCalculated("cus_erased", WS, 1, 40, "at_risk", null,
                        null, 1, List.of(), T0, HealthTrigger.EVENTS), WS),
                ProcessingOrders.ofAggregate("Customer", "cus_erased", 3, new CustomerErased("cus_erased", WS,
                        CustomerErased.ON_REQUEST, T0.plusSeconds(1)), WS));

        for (List<EventMessage<?>> order : orders) {
            ProcessingOrders.handle(projection, order);
            assertThat(rows("health_view", "workspace_id = ?", WS)).as("health after %s",
                    ProcessingOrders.describe(order)).isEmpty();
            assertThat(rows("health_score_change", "workspace_id = ?", WS)).as("history after %s",
                    ProcessingOrders.describe(order)).isEmpty();
        }
    }
}
