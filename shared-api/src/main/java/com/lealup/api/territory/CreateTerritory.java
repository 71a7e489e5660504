package com.lealup.api.territory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a territory; names are unique in a workspace, case-insensitively. */
public record CreateTerritory(@TargetAggregateIdentifier String territoryId, String workspaceId, String name) {
}
