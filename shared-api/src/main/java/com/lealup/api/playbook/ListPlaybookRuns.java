package com.lealup.api.playbook;

import java.util.Map;

/** A page of one playbook's runs, newest first; up to {@code limit + 1} rows after {@code after}. */
public record ListPlaybookRuns(String workspaceId, String playbookId, Map<String, String> after, int limit) {
}
