package com.lealup.api.task;

/** One task of the workspace: answers {@code Optional<TaskView>}. */
public record FindTask(String workspaceId, String taskId) {
}
