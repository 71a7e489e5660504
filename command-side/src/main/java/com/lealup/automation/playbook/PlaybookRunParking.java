package com.lealup.automation.playbook;

import com.lealup.automation.playbook.PlaybookRunQueue.Queued;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * Parks a run whose actions fail unexpectedly as a dead letter of the policy's processing group
 * ({@code playbook-actions}), under its customer's sequence, as a processor parks an event its handler cannot apply:
 * operators see, retry and evict it through {@code /v1/admin/dead-letters}, and health and metrics count it
 * (docs/running.md). The group's enqueue policy decides, as for an event: a transient failure (the database away) is
 * not parked but tried again after the lease, and the letter's cause keeps no value.
 *
 * <p>Order holds: the customer's later runs wait in the queue (a parked customer is not claimed), those the policy
 * gets meanwhile join the letter (Axon parks a parked sequence's later events), and a retry hands the letter to the
 * policy again, which queues the run at its event's position, before the customer's later runs.
 */
class PlaybookRunParking {

    private final Supplier<SequencedDeadLetterQueue<EventMessage<?>>> letters;
    private final Supplier<EnqueuePolicy<EventMessage<?>>> policy;
    private final PlaybookRunQueue queue;
    private final TransactionManager transactions;

    /** The group's queue and policy are looked up when a run is parked: Axon builds them once processing starts. */
    PlaybookRunParking(Supplier<SequencedDeadLetterQueue<EventMessage<?>>> letters,
                       Supplier<EnqueuePolicy<EventMessage<?>>> policy, PlaybookRunQueue queue,
                       TransactionManager transactions) {
        this.letters = letters;
        this.policy = policy;
        this.queue = queue;
        this.transactions = transactions;
    }

    /**
     * Parks {@code run}, whose event is {@code event}, and takes it out of the queue, in one transaction; false when
     * the failure is transient, and the run stays queued.
     */
    boolean park(Queued run, DomainEventMessage<?> event, Throwable failure) {
        // tracked at its position, which a retry queues it at again
        DeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>(run.customerId(),
                new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(run.position()), event));
        EnqueueDecision<EventMessage<?>> decision;
        try {
            decision = policy.get().decide(letter, failure);
        } catch (RuntimeException transientFailure) {
            return false;
        }
        if (!decision.shouldEnqueue()) {
            return false;
        }
        // as Axon's dead-lettering invoker parks: the policy's cause as it is (its type the failure's), its diagnostics
        DeadLetter<? extends EventMessage<?>> parked =
                decision.withDiagnostics(letter.withCause(decision.enqueueCause().orElse(failure)));
        transactions.executeInTransaction(() -> {
            letters.get().enqueue(run.customerId(), parked);
            queue.take(List.of(run));
        });
        return true;
    }
}
