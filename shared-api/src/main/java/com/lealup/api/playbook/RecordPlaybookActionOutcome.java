package com.lealup.api.playbook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The outcome of one action of a run: succeeded (with the task created, for create_task) or failed with a
 * stable {@code errorCode} and a message. Each action has one outcome.
 */
public record RecordPlaybookActionOutcome(@TargetAggregateIdentifier String runId, int actionIndex, boolean succeeded,
                                          String taskId, String errorCode, String errorMessage) {
}
