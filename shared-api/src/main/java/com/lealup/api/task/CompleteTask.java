package com.lealup.api.task;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CompleteTask(@TargetAggregateIdentifier String taskId, String workspaceId, String outcome,
                           String notes) {
}
