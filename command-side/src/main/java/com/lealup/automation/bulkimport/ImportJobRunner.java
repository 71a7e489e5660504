package com.lealup.automation.bulkimport;

import com.lealup.api.bulkimport.FailImport;
import com.lealup.api.bulkimport.ImportNextRows;
import com.lealup.automation.SystemCommands;
import com.lealup.write.bulkimport.ImportQueuePort;
import com.lealup.write.bulkimport.ImportQueuePort.QueuedJob;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the queued import jobs: each worker leases a job and sends {@link ImportNextRows} until no row is left, each
 * chunk its own transaction (outside any unit of work, so every chunk commits on its own). The lease is short and
 * renewed every second while the job runs (a chunk included), so after a crash another node resumes the job within
 * {@link #LEASE} from its last committed chunk (a standalone server releases its earlier run's leases at start); the
 * job aggregate makes a chunk sent twice harmless. Jobs run one per worker ({@code lealup.bulk-import.workers}), so a
 * burst of imports queues instead of taking every connection; a worker done with a job takes the next queued one at
 * once.
 * <p>
 * A chunk that fails (a bug, a broken database; bad rows are row errors) is tried again after a back-off that doubles
 * from {@code lealup.bulk-import.retry-delay}; after {@code lealup.bulk-import.max-attempts} failed attempts in a
 * row the job ends as failed ({@link FailImport}). A chunk that commits starts the count again.
 */
@Component
class ImportJobRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportJobRunner.class);
    static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    private final ImportQueuePort queue;
    private final CommandGateway commandGateway;
    private final int concurrency;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final ExecutorService workers;
    private final ScheduledExecutorService renewals;
    /** The jobs this node's workers hold: their leases are renewed; one whose lease ran out is not retaken. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean stopping;

    ImportJobRunner(ImportQueuePort queue, CommandGateway commandGateway,
                    @Value("${lealup.bulk-import.workers:4}") int concurrency,
                    @Value("${lealup.bulk-import.max-attempts:5}") int maxAttempts,
                    @Value("${lealup.bulk-import.retry-delay:5s}") Duration retryDelay) {
        this.queue = queue;
        this.commandGateway = commandGateway;
        this.concurrency = concurrency;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.retryDelay = retryDelay;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "bulk-import-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // its own thread: a renewal never waits behind another scheduled task
        this.renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulk-import-leases");
            thread.setDaemon(true);
            return thread;
        });
        renewals.scheduleWithFixedDelay(this::renewLeases, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Scheduled(fixedDelayString = "${lealup.bulk-import.poll-interval:PT0.5S}", initialDelayString = "PT1S")
    void dispatch() {
        while (busy.get() < concurrency && !stopping) {
            Optional<QueuedJob> leased = lease();
            if (leased.isEmpty()) {
                return;
            }
            busy.incrementAndGet();
            workers.execute(() -> work(leased.get()));
        }
    }

    /** Runs the job, then the next queued one at once (not at the next poll) until none is left. */
    private void work(QueuedJob first) {
        try {
            Optional<QueuedJob> next = Optional.of(first);
            while (next.isPresent()) {
                QueuedJob job = next.get();
                try {
                    run(job);
                } finally {
                    held.remove(job.jobId());
                }
                next = stopping ? Optional.empty() : lease();
            }
        } catch (RuntimeException e) {
            log.warn("Import queue not read: {}", e.toString());
        } finally {
            busy.decrementAndGet();
        }
    }

    private Optional<QueuedJob> lease() {
        Optional<QueuedJob> leased = queue.lease(LEASE, Set.copyOf(held));
        leased.ifPresent(job -> held.add(job.jobId()));
        return leased;
    }

    private void renewLeases() {
        synchronized (held) {
            try {
                queue.renew(Set.copyOf(held), LEASE);
            } catch (RuntimeException e) {
                log.warn("Import leases not renewed: {}", e.toString());
            }
        }
    }

    /** Lets go of a job for {@code delay}; never overtaken by a renewal of its lease. */
    private void release(String jobId, Duration delay, int attempts) {
        synchronized (held) {
            held.remove(jobId);
            queue.release(jobId, delay, attempts);
        }
    }

    private void run(QueuedJob job) {
        MetaData metadata = SystemCommands.ofImport(job.jobId(), job.workspaceId(), job.traceId());
        log.info("Import job {} taken up ({} failed attempts before)", job.jobId(), job.failedAttempts());
        if (job.failedAttempts() >= maxAttempts) {
            fail(job, job.failedAttempts(), metadata);
            return;
        }
        boolean failedBefore = job.failedAttempts() > 0;
        try {
            while (Boolean.TRUE.equals(commandGateway.sendAndWait(new ImportNextRows(job.jobId(), job.workspaceId()),
                    metadata))) {
                if (failedBefore) {
                    queue.clearFailedAttempts(job.jobId());
                    failedBefore = false;
                }
            }
        } catch (ConcurrencyException e) {
            // another runner took the job over (this one's lease ran out) and stored the chunk first: it goes on
            log.info("Import job {} went on elsewhere", job.jobId());
        } catch (RuntimeException e) {
            if (stopping) {
                // the chunk was cut by the shutdown, not a failure; the lease runs out (or is released at start)
                return;
            }
            int attempts = failedBefore ? job.failedAttempts() + 1 : 1;
            // the cause's class only: its message may quote a row's value
            log.warn("Import job {}: a chunk failed ({} of {} attempts): {}", job.jobId(), attempts, maxAttempts,
                    causes(e));
            if (attempts >= maxAttempts) {
                fail(job, attempts, metadata);
            } else {
                // nothing of the failed chunk was stored: the job is taken up again after the back-off
                release(job.jobId(), backOff(attempts), attempts);
            }
        }
    }

    private void fail(QueuedJob job, int attempts, MetaData metadata) {
        try {
            commandGateway.sendAndWait(new FailImport(job.jobId(), job.workspaceId(), attempts), metadata);
            log.warn("Import job {} failed after {} failed attempts at its next chunk", job.jobId(), attempts);
        } catch (RuntimeException e) {
            log.warn("Import job {} could not be ended as failed: {}", job.jobId(), causes(e));
            release(job.jobId(), MAX_RETRY_DELAY, attempts);
        }
    }

    /** The delay before attempt {@code failed + 1}: the retry delay, doubled for each further failure, capped. */
    Duration backOff(int failed) {
        Duration delay = retryDelay.multipliedBy(1L << Math.min(failed - 1, 20));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private static String causes(Throwable e) {
        StringBuilder classes = new StringBuilder(e.getClass().getName());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            classes.append(" <- ").append(cause.getClass().getName());
        }
        return classes.toString();
    }

    @Override
    public void destroy() {
        stopping = true;
        renewals.shutdownNow();
        workers.shutdownNow();
    }
}
