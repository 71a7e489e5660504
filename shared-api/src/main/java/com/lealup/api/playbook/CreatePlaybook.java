package com.lealup.api.playbook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A new playbook; {@code definition.enabled} and {@code cooldownDays} may be null for their defaults. */
public record CreatePlaybook(@TargetAggregateIdentifier String playbookId, String workspaceId,
                             PlaybookDefinition definition) {
}
