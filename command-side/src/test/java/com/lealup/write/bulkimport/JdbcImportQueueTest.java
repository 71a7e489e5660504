package com.lealup.write.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import com.lealup.write.bulkimport.ImportQueuePort.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The import queue's leases, as the runners of several nodes share them, and its count of failed attempts. */
class JdbcImportQueueTest {

    private static final Duration LEASE = Duration.ofSeconds(5);

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final JdbcImportQueue queue = new JdbcImportQueue(jdbc,
            TestClock.fixedAt(Instant.parse("2026-11-26T08:00:00Z")));

    @BeforeEach
    void empty() {
        jdbc.sql("DELETE FROM import_job_queue").update();
    }

    private double leftOfLease(String jobId) {
        return jdbc.sql("""
                        SELECT extract(epoch FROM leased_until - clock_timestamp()) FROM import_job_queue
                        WHERE job_id = ?""")
                .param(jobId).query(Double.class).single();
    }

    @Test
    void aJobIsLeasedByOneRunnerAtATimeRenewedAndRetriedWithItsFailedAttempts() {
        queue.enqueue("job_a", "wsp_1", "trace-a");
        QueuedJob leased = queue.lease(LEASE, Set.of()).orElseThrow();
        assertThat(leased).isEqualTo(new QueuedJob("job_a", "wsp_1", "trace-a", 0));
        assertThat(queue.lease(LEASE, Set.of())).as("leased").isEmpty();

        jdbc.sql("UPDATE import_job_queue SET leased_until = clock_timestamp() + interval '1 second'").update();
        queue.renew(List.of("job_a"), LEASE);
        assertThat(leftOfLease("job_a")).isGreaterThan(4);

        // a failed attempt: free again after its back-off, with the count
        queue.release("job_a", Duration.ZERO, 2);
        assertThat(queue.lease(LEASE, Set.of("job_a"))).as("a runner never retakes a job it holds").isEmpty();
        assertThat(queue.lease(LEASE, Set.of())).map(QueuedJob::failedAttempts).contains(2);

        queue.clearFailedAttempts("job_a");
        queue.release("job_a", Duration.ofMinutes(1), 0);
        assertThat(queue.lease(LEASE, Set.of())).as("in its back-off").isEmpty();
        jdbc.sql("UPDATE import_job_queue SET leased_until = NULL").update();
        assertThat(queue.lease(LEASE, Set.of())).map(QueuedJob::failedAttempts).contains(0);

        queue.dequeue("job_a");
        assertThat(jdbc.sql("SELECT count(*) FROM import_job_queue").query(Integer.class).single()).isZero();
    }
}
