package com.lealup.write.bulkimport;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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
    public Optional<QueuedJob> lease(Duration lease) {
        return jdbc.sql("""
                        UPDATE import_job_queue SET leased_until = clock_timestamp() + make_interval(secs => ?)
                        WHERE job_id = (SELECT job_id FROM import_job_queue
                                        WHERE leased_until IS NULL OR leased_until < clock_timestamp()
                                        ORDER BY queued_at, job_id LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING job_id, workspace_id, trace_id""")
                .params(lease.toMillis() / 1000.0)
                .query((rs, n) -> new QueuedJob(rs.getString("job_id"), rs.getString("workspace_id"),
                        rs.getString("trace_id")))
                .optional();
    }

    @Override
    public void renew(String jobId, Duration lease) {
        jdbc.sql("UPDATE import_job_queue SET leased_until = clock_timestamp() + make_interval(secs => ?) WHERE job_id = ?")
                .params(lease.toMillis() / 1000.0, jobId).update();
    }

    @Override
    public void release(String jobId, Duration delay) {
        renew(jobId, delay);
    }
}
