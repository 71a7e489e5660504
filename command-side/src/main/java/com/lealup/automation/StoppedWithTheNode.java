package com.lealup.automation;

import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.context.SmartLifecycle;

/**
 * A component working claims ({@link ClaimingWorkers}) whose works a node's clean stop lets end and whose leases it
 * gives back. Stopped just before Axon, while the buses still take the works' commands, and side by side with the
 * other such components (each may wait for its works' grace).
 */
public interface StoppedWithTheNode extends SmartLifecycle {

    /** The workers to stop. */
    ClaimingWorkers<?> claimingWorkers();

    /** The workers run from their first poll. */
    @Override
    default void start() {
    }

    @Override
    default boolean isRunning() {
        return !claimingWorkers().stopping();
    }

    @Override
    default int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }

    @Override
    default void stop() {
        claimingWorkers().stop();
    }

    @Override
    default void stop(Runnable callback) {
        claimingWorkers().stop(callback);
    }
}
