package com.lealup.api.playbook;

/** One playbook of the workspace, not deleted: answers {@code Optional<PlaybookView>}. */
public record FindPlaybook(String workspaceId, String playbookId) {
}
