package com.lealup.api.territory;

import java.time.Instant;

public record TerritoryCreated(String territoryId, String workspaceId, String name, Instant createdAt) {
}
