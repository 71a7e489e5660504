package com.lealup.api.territory;

/** One territory of the workspace: answers {@code Optional<TerritoryView>}, updates are {@link TerritoryView}s. */
public record FindTerritory(String workspaceId, String territoryId) {
}
