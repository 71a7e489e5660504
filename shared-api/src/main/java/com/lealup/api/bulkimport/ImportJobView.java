package com.lealup.api.bulkimport;

import java.time.Instant;
import java.util.List;

/**
 * A job as the jobs read model shows it; {@code status}: queued, running, completed or failed; {@code error} only
 * when failed; {@code completedAt} when it ended (completed or failed); {@code version} the job aggregate's, after the
 * last of its events shown (each of them changes what the job shows).
 */
public record ImportJobView(String id, String workspaceId, String type, String status, int total, int processed,
                            int created, int updated, int skipped, int failed, List<RowError> errors, JobError error,
                            Instant createdAt, Instant completedAt, long version) {

    public static final String TYPE = "customer_import";
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    /** Why a job failed, in words fit for the client: never a row's value, a stack trace or SQL. */
    public record JobError(String code, String message) {
    }
}
