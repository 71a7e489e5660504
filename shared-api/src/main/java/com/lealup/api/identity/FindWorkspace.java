package com.lealup.api.identity;

/** A workspace: answers {@code Optional<WorkspaceView>}. */
public record FindWorkspace(String workspaceId) {
}
