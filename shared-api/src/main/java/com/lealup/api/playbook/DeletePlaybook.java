package com.lealup.api.playbook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeletePlaybook(@TargetAggregateIdentifier String playbookId, String workspaceId) {
}
