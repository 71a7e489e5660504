package com.lealup.api.bulkimport;

import java.time.Instant;

/** Every row of an import job was processed (webhooks: {@code import.completed}). */
public record ImportJobCompleted(String jobId, String workspaceId, int total, int created, int updated, int skipped,
                                 int failed, Instant completedAt) {
}
