package com.lealup.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a workspace. Idempotent by id (answers {@code true} only when it created it), so the bootstrap can
 * send it for the {@code Default} workspace on every start.
 */
public record CreateWorkspace(@TargetAggregateIdentifier String workspaceId, String name, String tier) {
}
