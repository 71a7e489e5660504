package com.lealup.automation.playbook;

import com.lealup.api.TraceInLogs;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.projections.GroupWorkers;
import com.lealup.automation.ClaimingWorkers;
import com.lealup.automation.StoppedWithTheNode;
import com.lealup.automation.playbook.PlaybookRunQueue.Queued;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
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

/**
 * Works off the {@link PlaybookRunQueue}. Its poller claims, for each free worker, the oldest runs of up to
 * {@link #RUNS_PER_TRANSACTION} customers, fairly between workspaces; a worker does them and the next runs of those
 * customers (up to {@link #RUNS_PER_TRANSACTION} runs in all) in one transaction, then claims again, until nothing is
 * left. Each claim goes first to the workspace holding fewest workers: one workspace's burst of runs (thousands of
 * tasks) keeps another's run waiting for one transaction of a worker, not for the whole burst. The poller polls every
 * {@code poll-interval}, and at once when this node queues runs. A run that fails unexpectedly is parked as a dead
 * letter of its customer ({@link PlaybookRunParking}); one whose playbook was deleted or disabled is cancelled.
 */
@Component
class PlaybookActionDispatcher implements GroupWorkers, StoppedWithTheNode, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PlaybookActionDispatcher.class);
    /**
     * How long claimed runs stay reserved to their worker: a node's crash holds its customers' runs this long. Not what
     * keeps a run from being done twice (the removal from the queue in the run's transaction does), so it is a few
     * transactions long, not a worst case.
     */
    private static final Duration LEASE = Duration.ofSeconds(10);
    /** A commit per run capped a burst at a few dozen runs a second: a transaction takes up to this many. */
    private static final int RUNS_PER_TRANSACTION = 50;

    private final PlaybookRunQueue queue;
    private final PlaybookActionRunner runner;
    private final PlaybookStates playbooks;
    private final PlaybookRunParking parking;
    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final List<CorrelationDataProvider> correlation;
    private final Clock clock;
    private final ClaimingWorkers<Claim> workers;
    /** When a run last failed for a transient cause, to be tried again after its lease; null if none has. */
    private volatile Instant lastTransientFailure;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "playbook-actions-wake-up");
        thread.setDaemon(true);
        return thread;
    });

    PlaybookActionDispatcher(PlaybookRunQueue queue, PlaybookActionRunner runner, PlaybookStates playbooks,
                             PlaybookRunParking parking, EventStore eventStore,
                             TransactionManager transactions, List<CorrelationDataProvider> correlation, Clock clock,
                             MeterRegistry meters,
                             @Value("${lealup.playbooks.actions.workers:4}") int workers) {
        this.queue = queue;
        this.runner = runner;
        this.playbooks = playbooks;
        this.parking = parking;
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.correlation = correlation;
        this.clock = clock;
        // the release skips the runs a worker's transaction still holds: a stop never waits for one
        this.workers = new ClaimingWorkers<>("playbook-actions", workers, ClaimingWorkers.STOP_GRACE,
                claim -> queue.release(claim.heads(), claim.leasedUntil()));
        queue.whenAdded(this::wake);
        Gauge.builder("lealup.playbooks.actions.queue.depth", queue, PlaybookRunQueue::depth)
                .description("Playbook runs whose actions are still to do (playbook_run_queue)").register(meters);
    }

    /** Every {@code poll-interval}, on the nodes that run the policies (role {@code automation}). */
    @Scheduled(fixedDelayString = "${lealup.playbooks.actions.poll-interval:PT0.1S}", initialDelayString = "PT1S")
    void dispatch() {
        poll();
    }

    /**
     * At once when this node queued runs (only a node running the policies does): the scheduled polls share the
     * scheduler's threads with every sweep, and may come late.
     */
    private void wake() {
        if (!workers.stopping() && wakeUpPending.compareAndSet(false, true)) {
            wakeUps.execute(() -> {
                wakeUpPending.set(false);
                try {
                    poll();
                } catch (RuntimeException e) {
                    log.warn("Claiming playbook runs failed; the next poll tries again: {}", e.toString());
                }
            });
        }
    }

    private void poll() {
        workers.poll(this::claim, this::work, (claim, e) -> log.warn("Runs {} not done, taken up again in {}: {}",
                runIds(claim.heads()), LEASE, e.toString()));
    }

    /** Claimed heads of customers, leased until {@code leasedUntil}. */
    private record Claim(List<Queued> heads, Instant leasedUntil) {
    }

    /** Up to {@code free} claims, one per free worker. */
    private List<Claim> claim(int free) {
        List<Claim> claims = new ArrayList<>();
        for (Claim claim = claim(); claim != null; claim = claim()) {
            claims.add(claim);
            if (claims.size() == free) {
                break;
            }
        }
        return claims;
    }

    /** A claim, null when no run is claimable. */
    private Claim claim() {
        Instant now = clock.instant();
        Instant leasedUntil = now.plus(LEASE);
        List<Queued> heads = queue.claim(now, leasedUntil, RUNS_PER_TRANSACTION);
        if (heads.isEmpty()) {
            return null;
        }
        return new Claim(heads, leasedUntil);
    }

    /** The claimed runs, then claim after claim while runs are left, until the node stops. */
    private void work(Claim first) {
        for (Claim claimed = first; claimed != null; claimed = next()) {
            try {
                doActions(claimed.heads(), RUNS_PER_TRANSACTION);
            } catch (RuntimeException e) {
                if (workers.stopping()) {
                    throw e; // interrupted: the stop gives its leases back
                }
                // a run failed everyone's transaction: each customer's first run alone, so that the failing run is
                // known and only its customer's runs wait
                claimed.heads().forEach(this::doFirstRunAlone);
            }
            workers.done(claimed);
        }
    }

    /** A worker's next claim, null when no run is claimable or the node stops. */
    private Claim next() {
        Claim claim = workers.stopping() ? null : claim();
        if (claim != null) {
            workers.holding(claim);
        }
        return claim;
    }

    /** A run that fails alone is parked as a dead letter, unless it failed for a transient cause. */
    private void doFirstRunAlone(Queued head) {
        try {
            doActions(List.of(head), 1);
        } catch (RuntimeException e) {
            DomainEventMessage<?> run = runEvent(head);
            TraceInLogs.around(run, () -> {
                if (parking.park(head, run, e)) {
                    log.warn("Run {} of customer {} failed, parked as a dead letter of {}; the customer's later runs "
                            + "wait for it: {}", head.runId(), head.customerId(), PlaybookActionPolicy.PROCESSING_GROUP,
                            e.toString());
                } else {
                    lastTransientFailure = clock.instant();
                    log.warn("Run {} of customer {} not done, taken up again in {}: {}", head.runId(),
                            head.customerId(), LEASE, e.toString());
                }
            });
        }
    }

    /**
     * The runs of the claimed customers, each in the unit of work of its event, as a processor's batch handles events:
     * its commands join the transaction that takes the runs out of the queue, and carry the run's correlation data
     * (the trace, the chain of runs). The transaction commits before the unit of work's after-commit, where the
     * processors hear of the new events.
     */
    private void doActions(List<Queued> heads, int max) {
        List<Queued> runs = queue.runsFrom(heads, max);
        List<EventMessage<?>> events = runs.stream().<EventMessage<?>>map(this::runEvent).toList();
        if (events.isEmpty()) {
            return;
        }
        // read before the unit of work, as the runs' events are: reading the store inside it registers resources of
        // the unit, which a resource being computed must not do
        Map<String, PlaybookStates.PlaybookState> states = playbooks.of(events.stream()
                .map(event -> ((PlaybookTriggered) event.getPayload()).playbookId()).collect(Collectors.toSet()));
        BatchingUnitOfWork<EventMessage<?>> unit = new BatchingUnitOfWork<>(events);
        correlation.forEach(unit::registerCorrelationDataProvider);
        unit.attachTransaction(transactions);
        unit.execute(() -> {
            // taken out once, at the first run, in the transaction the unit of work started
            Set<String> taken = unit.getOrComputeResource("taken", key -> queue.take(runs));
            PlaybookTriggered run = (PlaybookTriggered) unit.getMessage().getPayload();
            if (taken.contains(run.runId())) {
                TraceInLogs.around(unit.getMessage(), () -> act(run, states.get(run.playbookId())));
            }
        });
    }

    /** A run of a playbook deleted or disabled since it matched is cancelled, though enabled again since. */
    private void act(PlaybookTriggered run, PlaybookStates.PlaybookState playbook) {
        if (playbook == null) {
            runner.cancel(run, "playbook_deleted", "The playbook was deleted before this run's actions were done");
        } else if (playbook.stoppedSince(run)) {
            runner.cancel(run, "playbook_disabled", "The playbook was disabled before this run's actions were done");
        } else {
            runner.run(run);
        }
    }

    /** A run is its event, the first of its aggregate. */
    private DomainEventMessage<?> runEvent(Queued run) {
        return eventStore.readEvents(run.runId(), 0).peek();
    }

    private static List<String> runIds(List<Queued> runs) {
        return runs.stream().map(Queued::runId).toList();
    }

    @Override
    public String processingGroup() {
        return PlaybookActionPolicy.PROCESSING_GROUP;
    }

    /**
     * Whether a run failed for a transient cause within two leases: retried after each lease, a failure that lasts
     * keeps it true, on this node or another that took the run up.
     */
    @Override
    public boolean retrying() {
        Instant failed = lastTransientFailure;
        return failed != null && clock.instant().isBefore(failed.plus(LEASE.multipliedBy(2)));
    }

    @Override
    public ClaimingWorkers<?> claimingWorkers() {
        return workers;
    }

    @Override
    public void destroy() {
        wakeUps.shutdownNow();
    }
}
