package com.lealup.api.health;

/** The model version the read model shows for the workspace; for read-your-writes. */
public record FindHealthModelVersion(String workspaceId) {
}
