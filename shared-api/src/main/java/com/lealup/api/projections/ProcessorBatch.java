package com.lealup.api.projections;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Writes a processor's handlers defer to the end of its batch of events: a resource of the batch's unit of work,
 * written once just before it commits (with the processor's token), so that a batch costs a few statements instead
 * of some per event. Outside a batch (a dead letter's retry, a test) there is none, and a handler writes at once.
 */
public final class ProcessorBatch {

    private ProcessorBatch() {
    }

    /**
     * The current batch's resource under {@code key}, created with {@code create} and handed to {@code beforeCommit}
     * at the batch's prepare-commit; null outside a tracking processor's batch.
     */
    public static <T> T deferred(String key, Supplier<T> create, Consumer<T> beforeCommit) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        if (!(unit instanceof BatchingUnitOfWork<?>)) {
            return null;
        }
        return unit.getOrComputeResource(key, k -> {
            T resource = create.get();
            unit.onPrepareCommit(u -> beforeCommit.accept(resource));
            return resource;
        });
    }

    /** The current batch's resource under {@code key} when one was deferred, else null. */
    public static <T> T pending(String key) {
        return CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(key) : null;
    }
}
