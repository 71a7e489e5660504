package com.lealup.api.identity;

public record WorkspaceCreated(String workspaceId, String name, String tier) {
}
