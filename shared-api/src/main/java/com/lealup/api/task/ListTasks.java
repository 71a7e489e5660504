package com.lealup.api.task;

import java.util.Map;

/** A page of the workspace's tasks, newest first; up to {@code limit + 1} rows (more tells has_more). */
public record ListTasks(String workspaceId, TaskFilter filter, Map<String, String> after, int limit) {
}
