package com.lealup.api.bulkimport;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Imports the job's next rows (a chunk) in one transaction with the job's progress; answers whether rows remain.
 * Sent by the import runner, again after a crash: a job never imports a row twice.
 */
public record ImportNextRows(@TargetAggregateIdentifier String jobId, String workspaceId) {
}
