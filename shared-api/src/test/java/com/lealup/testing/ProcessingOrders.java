package com.lealup.testing;

import com.lealup.api.MetadataKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.MetaData;

/**
 * The orders in which a processing group may handle events when its processor has several segments (two on a shared
 * database, docs/architecture.md): the events of one sequence (what the group's sequencing policy names) in the
 * store's order, in one segment, but two sequences in either order, since segments run concurrently and neither sees
 * the other's uncommitted writes. A handler that reads what another sequence's events write gets the same outcome in
 * every such order only when the events it relies on are in one sequence; a test runs the events in each order.
 */
public final class ProcessingOrders {

    private ProcessingOrders() {
    }

    /** The sequencing policy {@code module} registers for the group (Axon's default, by aggregate, if none). */
    public static SequencingPolicy<? super EventMessage<?>> registeredFor(String processingGroup,
                                                                         ConfigurerModule module) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration();
        configurer.eventProcessing(); // as the application has it, whether or not the module registers anything
        module.configureModule(configurer);
        return configurer.buildConfiguration().eventProcessingConfiguration().sequencingPolicy(processingGroup);
    }

    /**
     * The events, given in the store's order, in every order that handles whole sequences one after the other: one
     * order per permutation of their sequences, each sequence's events in the store's order. An event of no sequence
     * is a sequence of its own, as a processor treats it.
     */
    public static List<List<EventMessage<?>>> of(SequencingPolicy<? super EventMessage<?>> policy,
                                                 EventMessage<?>... storeOrder) {
        Map<Object, List<EventMessage<?>>> sequences = new LinkedHashMap<>();
        for (EventMessage<?> event : storeOrder) {
            Object sequence = policy.getSequenceIdentifierFor(event);
            sequences.computeIfAbsent(sequence != null ? sequence : event.getIdentifier(), s -> new ArrayList<>())
                    .add(event);
        }
        List<List<EventMessage<?>>> orders = new ArrayList<>();
        permute(new ArrayList<>(sequences.values()), 0, orders);
        return orders;
    }

    private static void permute(List<List<EventMessage<?>>> sequences, int from, List<List<EventMessage<?>>> orders) {
        if (from == sequences.size()) {
            orders.add(sequences.stream().flatMap(List::stream).toList());
            return;
        }
        for (int i = from; i < sequences.size(); i++) {
            Collections.swap(sequences, from, i);
            permute(sequences, from + 1, orders);
            Collections.swap(sequences, from, i);
        }
    }

    /** The order as its events' types, for an assertion's description. */
    public static String describe(List<EventMessage<?>> order) {
        return order.stream().map(event -> event.getPayloadType().getSimpleName()).toList().toString();
    }

    /** Hands the events one by one to the {@code @EventHandler}s of {@code eventHandler}, as its processor does. */
    public static void handle(Object eventHandler, List<EventMessage<?>> events) {
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(eventHandler);
        for (EventMessage<?> event : events) {
            try {
                handlers.handle(event);
            } catch (Exception e) {
                throw new IllegalStateException("Handling " + event.getPayloadType().getSimpleName() + " failed", e);
            }
        }
    }

    /**
     * The {@code sequence}th event of an aggregate, in the workspace (as the metadata of every command's events names
     * it).
     */
    public static EventMessage<?> ofAggregate(String type, String aggregateId, long sequence, Object payload,
                                              String workspaceId) {
        return new GenericDomainEventMessage<>(type, aggregateId, sequence, payload, inWorkspace(workspaceId));
    }

    /**
     * The events as a processor reads them from the store, in the order given: tracked at positions 1, 2, 3... (for a
     * handler that reads its event's position).
     */
    public static EventMessage<?>[] tracked(EventMessage<?>... storeOrder) {
        EventMessage<?>[] tracked = new EventMessage<?>[storeOrder.length];
        for (int i = 0; i < storeOrder.length; i++) {
            GlobalSequenceTrackingToken position = new GlobalSequenceTrackingToken(i + 1);
            tracked[i] = storeOrder[i] instanceof DomainEventMessage<?> event
                    ? new GenericTrackedDomainEventMessage<>(position, event)
                    : new GenericTrackedEventMessage<>(position, storeOrder[i]);
        }
        return tracked;
    }

    /** An event published outside any aggregate (a health score, a recorded batch of usage), in the workspace. */
    public static EventMessage<?> ofNoAggregate(Object payload, String workspaceId) {
        return new GenericEventMessage<>(payload, inWorkspace(workspaceId));
    }

    private static MetaData inWorkspace(String workspaceId) {
        return MetaData.with(MetadataKeys.WORKSPACE_ID, workspaceId);
    }
}
