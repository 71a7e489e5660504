package com.lealup.api.playbook;

import java.util.Map;

/** A page of the workspace's playbooks, newest first; up to {@code limit + 1} rows after {@code after}. */
public record ListPlaybooks(String workspaceId, Map<String, String> after, int limit) {
}
