package com.lealup.api.playbook;

/** One playbook of the workspace; null when there is none (or it was deleted). */
public record FindPlaybook(String workspaceId, String playbookId) {
}
