package com.lealup.api.health;

/** The workspace's model ({@link HealthModels#DEFAULT} until it changes); never null. */
public record FindHealthModel(String workspaceId) {
}
