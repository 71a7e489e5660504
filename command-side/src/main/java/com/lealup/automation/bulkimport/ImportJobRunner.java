package com.lealup.automation.bulkimport;

import com.lealup.api.bulkimport.ImportNextRows;
import com.lealup.automation.SystemCommands;
import com.lealup.write.bulkimport.ImportQueuePort;
import com.lealup.write.bulkimport.ImportQueuePort.QueuedJob;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the queued import jobs: each worker leases a job and sends {@link ImportNextRows} until no row is left, each
 * chunk its own transaction (outside any unit of work, so every chunk commits on its own). After a crash the lease
 * runs out and a runner resumes the job from its last committed chunk; the job aggregate makes a chunk sent twice
 * harmless. Jobs run one per worker ({@code lealup.bulk-import.workers}), so a burst of imports queues instead of
 * taking every connection.
 */
@Component
class ImportJobRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportJobRunner.class);
    static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final ImportQueuePort queue;
    private final CommandGateway commandGateway;
    private final int concurrency;
    private final ExecutorService workers;
    private final AtomicInteger busy = new AtomicInteger();

    ImportJobRunner(ImportQueuePort queue, CommandGateway commandGateway,
                    @Value("${lealup.bulk-import.workers:2}") int concurrency) {
        this.queue = queue;
        this.commandGateway = commandGateway;
        this.concurrency = concurrency;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "bulk-import-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(fixedDelayString = "${lealup.bulk-import.poll-interval:PT0.5S}", initialDelayString = "PT1S")
    void dispatch() {
        while (busy.get() < concurrency) {
            Optional<QueuedJob> leased = queue.lease(LEASE);
            if (leased.isEmpty()) {
                return;
            }
            QueuedJob job = leased.get();
            busy.incrementAndGet();
            workers.execute(() -> {
                try {
                    run(job);
                } finally {
                    busy.decrementAndGet();
                }
            });
        }
    }

    private void run(QueuedJob job) {
        MetaData metadata = SystemCommands.ofImport(job.jobId(), job.workspaceId(), job.traceId());
        try {
            while (Boolean.TRUE.equals(commandGateway.sendAndWait(new ImportNextRows(job.jobId(), job.workspaceId()),
                    metadata))) {
                queue.renew(job.jobId(), LEASE);
            }
        } catch (RuntimeException e) {
            // nothing of the failed chunk was stored: the job is taken up again after a pause
            log.warn("Import job {} paused after a failed chunk: {}", job.jobId(), e.toString());
            queue.release(job.jobId(), RETRY_AFTER_FAILURE);
        }
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
