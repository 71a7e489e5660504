package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.automation.ClaimingWorkers;
import com.lealup.automation.playbook.PlaybookRunQueue.Queued;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works off the {@link PlaybookRunQueue}: every poll it claims, for its free workers, the oldest run of as many
 * customers, fairly between workspaces, and each worker does its customer's runs in order, each in one transaction
 * with its removal from the queue (the {@link PlaybookActionRunner}). After a slice a worker gives the customer's next
 * run back if a workspace holding fewer workers waits: one workspace's burst of runs (thousands of tasks) keeps
 * another's run waiting about a slice, not for the whole burst.
 */
@Component
class PlaybookActionDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PlaybookActionDispatcher.class);
    /** How long a claimed run stays reserved to its worker: a run is a few commands, and one node's crash costs this. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** A commit per run capped one customer's burst at about 50 runs a second on the benchmark machine. */
    private static final int RUNS_PER_TRANSACTION = 50;

    private final PlaybookRunQueue queue;
    private final PlaybookActionRunner runner;
    private final EventStore eventStore;
    private final TransactionTemplate transactions;
    private final List<CorrelationDataProvider> correlation;
    private final Clock clock;
    private final Duration slice;
    private final ClaimingWorkers<Queued> workers;

    PlaybookActionDispatcher(PlaybookRunQueue queue, PlaybookActionRunner runner, EventStore eventStore,
                             PlatformTransactionManager transactions, List<CorrelationDataProvider> correlation,
                             Clock clock,
                             MeterRegistry meters,
                             @Value("${lealup.playbooks.actions.workers:4}") int workers,
                             @Value("${lealup.playbooks.actions.slice:PT1S}") Duration slice) {
        this.queue = queue;
        this.runner = runner;
        this.eventStore = eventStore;
        this.transactions = new TransactionTemplate(transactions);
        this.correlation = correlation;
        this.clock = clock;
        this.slice = slice;
        this.workers = new ClaimingWorkers<>("playbook-actions", workers);
        Gauge.builder("lealup.playbooks.actions.queue.depth", queue, PlaybookRunQueue::depth)
                .description("Playbook runs whose actions are still to do (playbook_run_queue)").register(meters);
    }

    @Scheduled(fixedDelayString = "${lealup.playbooks.actions.poll-interval:PT0.1S}", initialDelayString = "PT1S")
    void dispatch() {
        workers.poll(free -> {
            Instant now = clock.instant();
            return queue.claim(now, now.plus(LEASE), free);
        }, this::work, (run, e) -> log.warn("Run {} of workspace {} not done, taken up again in {}: {}",
                run.runId(), run.workspaceId(), LEASE, e.toString()));
    }

    /**
     * The customer's runs from {@code first} on, while it has some and no workspace holding fewer workers waits. The
     * slice is the worker's own time at work, so it is read on this node's monotonic clock.
     */
    private void work(Queued first) {
        Queued run = first;
        long sliceStarted = System.nanoTime();
        while (run != null) {
            doActions(run);
            Instant now = clock.instant();
            Queued next = queue.claimNext(run.customerId(), now, now.plus(LEASE));
            if (next != null && System.nanoTime() - sliceStarted > slice.toNanos()) {
                if (queue.anotherWorkspaceWaitsWithFewerLeases(next.workspaceId(), now)) {
                    queue.release(next.position());
                    return;
                }
                sliceStarted = System.nanoTime();
            }
            run = next;
        }
    }

    /**
     * The customer's runs from {@code head} on, up to {@link #RUNS_PER_TRANSACTION}, in one transaction with their
     * removal from the queue, each in the unit of work of its event as a processor's batch handles events: their
     * commands join the transaction and carry each run's correlation data (the trace, the chain of runs).
     */
    private void doActions(Queued head) {
        transactions.executeWithoutResult(status -> {
            List<EventMessage<?>> runs = queue.take(head, RUNS_PER_TRANSACTION).stream()
                    .<EventMessage<?>>map(runId -> eventStore.readEvents(runId, 0).peek()).toList();
            if (runs.isEmpty()) {
                return;
            }
            BatchingUnitOfWork<EventMessage<?>> unit = new BatchingUnitOfWork<>(runs);
            correlation.forEach(unit::registerCorrelationDataProvider);
            unit.execute(() -> runner.run((PlaybookTriggered) unit.getMessage().getPayload()));
        });
    }

    @Override
    public void destroy() {
        workers.shutdown();
    }
}
