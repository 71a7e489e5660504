package com.lealup.app.axon;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.IncompatibleAggregateException;

/**
 * Makes an aggregate by its no-argument constructor, to be sourced from its events. Axon's
 * {@code GenericAggregateFactory} does the same, but first inspects the aggregate's handlers with the class path's
 * parameter resolvers, which know none of the context's beans that the handlers take as parameters. No aggregate is
 * snapshotted (EventStoreConfiguration), so the first event is never the aggregate itself.
 */
final class ConstructorAggregateFactory<T> implements AggregateFactory<T> {

    private final Class<T> type;
    private final Constructor<T> constructor;

    ConstructorAggregateFactory(Class<T> type) {
        this.type = type;
        try {
            this.constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new IncompatibleAggregateException(type.getName() + " has no no-argument constructor", e);
        }
        constructor.setAccessible(true);
    }

    @Override
    public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        try {
            return constructor.newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IncompatibleAggregateException("Cannot make an aggregate " + type.getName(), e);
        }
    }

    @Override
    public Class<T> getAggregateType() {
        return type;
    }
}
