package com.lealup.api.bulkimport;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ends a job as failed: its next chunk failed {@code attempts} times in a row (sent by the import runner). A job
 * already ended is left as it is.
 */
public record FailImport(@TargetAggregateIdentifier String jobId, String workspaceId, int attempts) {
}
