package com.lealup.api.deadletters;

import org.axonframework.eventhandling.EventMessage;

/**
 * What an operator's eviction means beyond the letters, for a processing group whose letters stand for work a read
 * model shows as still to do: a parked playbook run would show its actions {@code pending} for good. Told of each
 * evicted letter, in the eviction's transaction.
 */
public interface EvictedLetters {

    /** The group whose evictions this hears of. */
    String processingGroup();

    void evicted(EventMessage<?> letter);
}
