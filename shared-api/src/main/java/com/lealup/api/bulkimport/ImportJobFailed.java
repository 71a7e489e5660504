package com.lealup.api.bulkimport;

import java.time.Instant;

/**
 * An import job stopped before its last row: its next chunk ({@code processed} onwards) failed {@code attempts}
 * times in a row for a reason that is no bad row (those are row errors). The rows before {@code processed} stay
 * imported. {@code code} and {@code message} are what the job shows; they never quote a row's value or the cause.
 * No webhook stands for it (docs/webhooks.md).
 */
public record ImportJobFailed(String jobId, String workspaceId, int processed, int attempts, String code,
                              String message, Instant failedAt) {

    /** The code of a job whose chunk kept failing. */
    public static final String CHUNK_FAILED = "chunk_failed";
}
