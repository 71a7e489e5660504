package com.lealup.app.axon;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Runs a command again when another node changed its aggregate first. In one process Axon's repository locks an
 * aggregate while a command runs, so two commands on it take turns; two nodes only meet in the event store, where
 * the second append of the same sequence number fails ({@link ConcurrencyException}; for a creation,
 * {@link AggregateStreamCreationException}). Everything the command wrote rolled back with it, so it is run again on
 * the aggregate as the winner left it: a PATCH applies its diff to the new state (no change lost), an
 * {@code If-Match} PATCH then answers 412, a create-if-missing finds it created. Any other failure is the
 * command's answer and is never retried.
 */
final class ConcurrentWriteRetry implements RetryScheduler {

    private static final int MAX_RETRIES = 8;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "command-retry");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (failures.size() > MAX_RETRIES || !lostARace(lastFailure)) {
            return false;
        }
        // jittered, so that the two nodes' retries do not collide again
        executor.schedule(commandDispatch, ThreadLocalRandom.current().nextLong(1, 10L * failures.size()),
                TimeUnit.MILLISECONDS);
        return true;
    }

    static boolean lostARace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}
