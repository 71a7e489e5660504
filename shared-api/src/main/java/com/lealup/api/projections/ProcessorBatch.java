package com.lealup.api.projections;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.common.AxonTransientException;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What a processor's handlers queue for the end of their batch of events, to be written once just before it commits
 * (with the processor's token): a batch then costs a few statements instead of some per event. Outside a tracking
 * processor's batch (a dead letter's retry, a test) there is no queue, and a handler writes at once.
 * <p>
 * A queued write that fails fails the whole batch at its commit, where no handler can isolate it: so the queue is
 * turned off for a minute and the batch fails as transient ({@link WriteFailed}); the processor retries it with each
 * event written by its own handler, where a failing event is isolated and dead-lettered as any other.
 *
 * @param <Q> the queue; {@code write} sends what it holds and empties it
 */
public final class ProcessorBatch<Q> {

    private static final Duration BYPASS = Duration.ofMinutes(1);

    private final String key;
    private final Supplier<Q> create;
    private final Consumer<Q> write;
    private volatile long bypassUntil = System.nanoTime();

    /** {@code name} tells the queue apart from other processors' in the same unit of work. */
    public ProcessorBatch(String name, Supplier<Q> create, Consumer<Q> write) {
        this.key = ProcessorBatch.class.getName() + "." + name;
        this.create = create;
        this.write = write;
    }

    /** The current batch's queue; null outside a batch, or for a minute after a failed write. */
    public Q queue() {
        if (!CurrentUnitOfWork.isStarted() || System.nanoTime() - bypassUntil < 0) {
            return null;
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        if (!(unit instanceof BatchingUnitOfWork<?>)) {
            return null;
        }
        return unit.getOrComputeResource(key, k -> {
            Q queue = create.get();
            unit.onPrepareCommit(u -> send(queue));
            return queue;
        });
    }

    /**
     * The messages of the current batch, in order; none outside one. For a queue that reads, in one statement, what
     * all its events will need.
     */
    public static List<? extends Message<?>> messages() {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch) {
            return batch.getMessages();
        }
        return List.of();
    }

    /** Writes what the current batch queued: before a statement that must see it. */
    public void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            Q queue = CurrentUnitOfWork.get().root().getResource(key);
            if (queue != null) {
                send(queue);
            }
        }
    }

    private void send(Q queue) {
        try {
            write.accept(queue);
        } catch (RuntimeException e) {
            bypassUntil = System.nanoTime() + BYPASS.toNanos();
            throw new WriteFailed(key, e);
        }
    }

    /** Transient, so that the whole batch is rolled back and retried, each event written by its own handler. */
    public static final class WriteFailed extends AxonTransientException {

        WriteFailed(String key, RuntimeException cause) {
            super("The queued writes of " + key + " failed; the batch is retried unqueued", cause);
        }
    }
}
