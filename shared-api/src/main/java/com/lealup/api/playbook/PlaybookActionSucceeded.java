package com.lealup.api.playbook;

import java.time.Instant;

/** An action of a run did its work; {@code taskId} is the task a create_task action created. */
public record PlaybookActionSucceeded(String runId, String playbookId, String workspaceId, int actionIndex,
                                      String actionType, String taskId, Instant at) {
}
