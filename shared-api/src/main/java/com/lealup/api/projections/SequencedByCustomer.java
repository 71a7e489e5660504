package com.lealup.api.projections;

import com.lealup.api.customer.AboutACustomer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * A customer's events in order, in one segment, its health scores, its tasks' events and its playbook runs among
 * them. Scores are published outside any aggregate, so by default each is its own sequence, and a task's or a run's
 * events are its own aggregate's: on several segments a processor that keeps a customer's state from both could
 * handle a score (or a task) and a change of the customer (its erasure) in concurrent transactions, each missing the
 * other's write, and could queue two runs of one customer in either order.
 */
public final class SequencedByCustomer implements SequencingPolicy<EventMessage<?>> {

    private static final SequencedByCustomer POLICY = new SequencedByCustomer();

    private SequencedByCustomer() {
    }

    /** This policy for the processing group. */
    public static ConfigurerModule in(String processingGroup) {
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(processingGroup,
                configuration -> POLICY);
    }

    /** The customer; for an event about none, Axon's default (its aggregate, or none: a sequence of its own). */
    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        String customer = customerOf(event);
        return customer != null ? customer : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }

    /**
     * The customer an event is about ({@link AboutACustomer}: a score's, a purge's, an erasure's, a task's, a task
     * never changing customer, so its events stay in order, or a playbook run's), else its aggregate's; null for
     * others.
     */
    public static String customerOf(EventMessage<?> event) {
        if (event.getPayload() instanceof AboutACustomer about) {
            return about.customerId();
        }
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }
}
