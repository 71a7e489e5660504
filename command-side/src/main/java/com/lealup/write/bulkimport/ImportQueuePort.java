package com.lealup.write.bulkimport;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The import runner's door to the queue of unfinished jobs: it leases a job, runs it chunk by chunk (renewing the
 * lease while it runs) and lets go of it. A lease that runs out (its node died) makes the job another runner's.
 */
public interface ImportQueuePort {

    /**
     * A queued job, with the trace id of the request that started it (its customers' events carry it) and the
     * failed attempts in a row at its next chunk.
     */
    record QueuedJob(String jobId, String workspaceId, String traceId, int failedAttempts) {
    }

    /** The oldest job no live lease holds, but for {@code held}, leased for {@code lease}; empty when there is none. */
    Optional<QueuedJob> lease(Duration lease, Collection<String> held);

    /** Extends the leases of the jobs this runner holds. */
    void renew(Collection<String> jobIds, Duration lease);

    /** After a failed attempt: another runner may take the job after {@code delay}. */
    void release(String jobId, Duration delay, int failedAttempts);

    /** A chunk committed after failed attempts: the count starts again. */
    void clearFailedAttempts(String jobId);
}
