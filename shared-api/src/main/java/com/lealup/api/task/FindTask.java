package com.lealup.api.task;

/** One task of the workspace; null when there is none. */
public record FindTask(String workspaceId, String taskId) {
}
