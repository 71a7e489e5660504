package com.lealup.write.bulkimport;

import java.time.Duration;
import java.util.Optional;

/**
 * The import runner's door to the queue of unfinished jobs: it leases a job, runs it chunk by chunk (renewing the
 * lease) and lets go of it. A lease that runs out (its node died) makes the job another runner's.
 */
public interface ImportQueuePort {

    /** A queued job, with the trace id of the request that started it (its customers' events carry it). */
    record QueuedJob(String jobId, String workspaceId, String traceId) {
    }

    /** The oldest job no live lease holds, leased for {@code lease}; empty when there is none. */
    Optional<QueuedJob> lease(Duration lease);

    void renew(String jobId, Duration lease);

    /** Another runner may take the job after {@code delay} (after a failure). */
    void release(String jobId, Duration delay);
}
