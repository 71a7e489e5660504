package com.lealup.app.deadletters;

import com.lealup.api.deadletters.EvictDeadLetters;
import com.lealup.api.deadletters.EvictedLetters;
import com.lealup.api.deadletters.RetryDeadLetters;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The operator's retry and evict of a parked sequence. Both run on a thread of their own: Axon's dead-letter
 * processing opens its own unit of work and transaction per letter, which must not nest in the command's. An eviction
 * tells the group's {@link EvictedLetters} of each letter, in its transaction.
 */
@Component
class DeadLetterOperations implements DisposableBean {

    private final EventProcessingConfiguration processing;
    private final TransactionManager transactionManager;
    private final List<EvictedLetters> evictions;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "dead-letter-operations");
        thread.setDaemon(true);
        return thread;
    });

    DeadLetterOperations(EventProcessingConfiguration processing, TransactionManager transactionManager,
                         List<EvictedLetters> evictions) {
        this.processing = processing;
        this.transactionManager = transactionManager;
        this.evictions = evictions;
    }

    @CommandHandler
    RetryDeadLetters.Outcome handle(RetryDeadLetters command) {
        return onWorker(() -> processing.sequencedDeadLetterProcessor(command.processingGroup())
                .filter(processor -> parked(command.processingGroup(), command.sequenceId()) > 0)
                .map(processor -> {
                    processor.process(letter -> letter instanceof JdbcDeadLetter<?> parked
                            && parked.getSequenceIdentifier().equals(command.sequenceId()));
                    return new RetryDeadLetters.Outcome(true, parked(command.processingGroup(), command.sequenceId()));
                })
                .orElse(new RetryDeadLetters.Outcome(false, 0)));
    }

    @CommandHandler
    long handle(EvictDeadLetters command) {
        return onWorker(() -> processing.deadLetterQueue(command.processingGroup())
                .map(queue -> transactionManager.fetchInTransaction(() -> {
                    List<DeadLetter<? extends EventMessage<?>>> letters =
                            DeadLetterTable.evictSequence(queue, command.sequenceId());
                    evictions.stream().filter(eviction -> eviction.processingGroup().equals(command.processingGroup()))
                            .forEach(eviction -> letters.forEach(letter -> eviction.evicted(letter.message())));
                    return (long) letters.size();
                }))
                .orElse(0L));
    }

    private long parked(String processingGroup, String sequenceId) {
        return processing.deadLetterQueue(processingGroup)
                .map(queue -> transactionManager.fetchInTransaction(() -> size(queue, sequenceId)))
                .orElse(0L);
    }

    private static long size(SequencedDeadLetterQueue<EventMessage<?>> queue, String sequenceId) {
        return queue.contains(sequenceId) ? queue.sequenceSize(sequenceId) : 0;
    }

    private <T> T onWorker(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, worker).join();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
