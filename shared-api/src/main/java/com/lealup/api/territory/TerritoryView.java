package com.lealup.api.territory;

import java.time.Instant;

public record TerritoryView(String id, String workspaceId, String name, Instant createdAt) {
}
