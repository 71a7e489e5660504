package com.lealup.api.playbook;

import java.time.Instant;

/** An action of a run could not be done: {@code errorCode} is stable (e.g. {@code unknown_assignee}). */
public record PlaybookActionFailed(String runId, String playbookId, String workspaceId, int actionIndex,
                                   String actionType, String errorCode, String errorMessage, Instant at) {
}
