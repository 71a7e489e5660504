package com.lealup.api.playbook;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A partial change (see {@link PlaybookDefinition}); {@code expectedVersion} is the If-Match, null for none. */
public record UpdatePlaybook(@TargetAggregateIdentifier String playbookId, String workspaceId, Long expectedVersion,
                             PlaybookDefinition changes, Set<String> cleared) {
}
