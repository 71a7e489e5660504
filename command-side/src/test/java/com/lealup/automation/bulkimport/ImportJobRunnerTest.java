package com.lealup.automation.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.bulkimport.ImportNextRows;
import com.lealup.write.bulkimport.ImportQueuePort;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.junit.jupiter.api.Test;

/** The runner's workers, on a queue and a command bus in memory. */
class ImportJobRunnerTest {

    /** Jobs queued in order; each lease hands out the next one. */
    private static final class Queue implements ImportQueuePort {
        final Deque<QueuedJob> queued = new ArrayDeque<>();
        int leases;

        @Override
        public synchronized Optional<QueuedJob> lease(Duration lease, Collection<String> held) {
            leases++;
            return Optional.ofNullable(queued.poll());
        }

        @Override
        public void renew(Collection<String> jobIds, Duration lease) {
        }

        @Override
        public void release(String jobId, Duration delay, int failedAttempts) {
        }

        @Override
        public void clearFailedAttempts(String jobId) {
        }
    }

    @Test
    void aWorkerDoneWithAJobTakesTheNextQueuedOneWithoutWaitingForThePoll() throws Exception {
        Queue queue = new Queue();
        for (String job : List.of("job_1", "job_2", "job_3")) {
            queue.queued.add(new ImportQueuePort.QueuedJob(job, "ws_1", "trace", 0));
        }
        List<String> chunks = new CopyOnWriteArrayList<>();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(ImportNextRows.class.getName(), (CommandMessage<?> command) -> {
            chunks.add(((ImportNextRows) command.getPayload()).jobId());
            return false; // the job's last chunk
        });
        CommandGateway gateway = DefaultCommandGateway.builder().commandBus(bus).build();
        ImportJobRunner runner = new ImportJobRunner(queue, gateway, 1, 5, Duration.ofMillis(100));
        try {
            runner.dispatch(); // one poll, one worker

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (chunks.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(chunks).containsExactly("job_1", "job_2", "job_3");
        } finally {
            runner.destroy();
        }
    }
}
