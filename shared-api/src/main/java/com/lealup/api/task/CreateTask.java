package com.lealup.api.task;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A task for a customer. {@code ownerId} is the customer's owner when the task is created; the assignee
 * must be a user of the workspace. {@code playbookId} and {@code playbookRunId} are set when a playbook
 * created it.
 */
public record CreateTask(@TargetAggregateIdentifier String taskId, String workspaceId, String customerId,
                         String ownerId, TaskFields fields, String playbookId, String playbookRunId) {
}
