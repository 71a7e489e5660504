package com.lealup.api.task;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A partial update; {@code expectedVersion} (from If-Match) is null when the client sent none. */
public record UpdateTask(@TargetAggregateIdentifier String taskId, String workspaceId, Long expectedVersion,
                         TaskFields changes, Set<String> cleared) {
}
