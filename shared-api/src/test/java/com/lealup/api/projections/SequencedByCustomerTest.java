package com.lealup.api.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.playbook.PlaybookTriggered;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class SequencedByCustomerTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aCustomersScoresAreInTheSequenceOfItsOwnEvents() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration();
        SequencedByCustomer.in("some-group").configureModule(configurer);
        var policy = configurer.buildConfiguration().eventProcessingConfiguration().sequencingPolicy("some-group");

        EventMessage<?> created = new GenericDomainEventMessage<>("Customer", "cus_1", 0, new CustomerCreated("cus_1",
                "wsp_1", new CustomerFields("One", null, BigDecimal.ONE, "USD", "active", null, null, null, "pipeline",
                Map.of()), T));
        EventMessage<?> score = GenericEventMessage.asEventMessage(new HealthScoreCalculated("cus_1", "wsp_1", 1, 50,
                "neutral", null, null, 1, List.of(), T, "events"));
        EventMessage<?> erased = GenericEventMessage.asEventMessage(new CustomerErased("cus_1", "wsp_1",
                CustomerErased.ON_REQUEST, T));
        EventMessage<?> run = new GenericDomainEventMessage<>("PlaybookRun", "run_1", 0, new PlaybookTriggered("run_1",
                "pbk_1", "Churn risk", "wsp_1", "cus_1", null, "condition", Map.of(), List.of(), T, 1L));
        EventMessage<?> other = GenericEventMessage.asEventMessage("not about a customer");

        assertThat(policy.getSequenceIdentifierFor(created)).isEqualTo("cus_1");
        assertThat(policy.getSequenceIdentifierFor(score)).isEqualTo("cus_1");
        assertThat(policy.getSequenceIdentifierFor(erased)).isEqualTo("cus_1");
        assertThat(policy.getSequenceIdentifierFor(run)).as("a run, an aggregate of its own").isEqualTo("cus_1");
        assertThat(policy.getSequenceIdentifierFor(other)).as("none, each such event its own, as Axon's default")
                .isNull();
        assertThat(SequencedByCustomer.customerOf(other)).isNull();
    }
}
