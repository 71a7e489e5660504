package com.lealup.write.bulkimport;

import com.lealup.write.customer.ErasureLock;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The queue on {@code import_job_queue}. Leases use the database's clock, shared by every node; the row is added and
 * removed in the job's own transactions, so a job is queued exactly while it has rows left.
 */
@Component
class JdbcImportQueue implements ImportQueue, ImportQueuePort {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcImportQueue(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void enqueue(String jobId, String workspaceId, String traceId) {
        // the job starts wholly before an erasure looks at the queue (JdbcPendingImports) or after it has committed
        ErasureLock.share(jdbc, workspaceId);
        jdbc.sql("""
                        INSERT INTO import_job_queue (job_id, workspace_id, trace_id, queued_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (job_id) DO NOTHING""")
                .params(jobId, workspaceId, traceId, Timestamp.from(clock.instant()))
                .update();
    }

    @Override
    public void dequeue(String jobId) {
        jdbc.sql("DELETE FROM import_job_queue WHERE job_id = ?").params(jobId).update();
    }

    @Override
    public Optional<QueuedJob> lease(Duration lease, Collection<String> held) {
        return jdbc.sql("""
                        UPDATE import_job_queue SET leased_until = clock_timestamp() + make_interval(secs => ?)
                        WHERE job_id = (SELECT job_id FROM import_job_queue
                                        WHERE (leased_until IS NULL OR leased_until < clock_timestamp())
                                            AND job_id <> ALL(?)
                                        ORDER BY queued_at, job_id LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING job_id, workspace_id, trace_id, failed_attempts""")
                .params(seconds(lease), held.toArray(String[]::new))
                .query((rs, n) -> new QueuedJob(rs.getString("job_id"), rs.getString("workspace_id"),
                        rs.getString("trace_id"), rs.getInt("failed_attempts")))
                .optional();
    }

    @Override
    public void renew(Collection<String> jobIds, Duration lease) {
        if (jobIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE import_job_queue SET leased_until = clock_timestamp() + make_interval(secs => ?)
                        WHERE job_id = ANY(?)""")
                .params(seconds(lease), jobIds.toArray(String[]::new)).update();
    }

    @Override
    public void release(String jobId, Duration delay, int failedAttempts) {
        jdbc.sql("""
                        UPDATE import_job_queue SET leased_until = clock_timestamp() + make_interval(secs => ?),
                            failed_attempts = ?
                        WHERE job_id = ?""")
                .params(seconds(delay), failedAttempts, jobId).update();
    }

    @Override
    public void clearFailedAttempts(String jobId) {
        jdbc.sql("UPDATE import_job_queue SET failed_attempts = 0 WHERE job_id = ?").params(jobId).update();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
