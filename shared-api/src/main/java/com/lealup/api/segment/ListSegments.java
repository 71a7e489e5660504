package com.lealup.api.segment;

import java.util.Map;

/** A page of the workspace's segments by name; up to {@code limit + 1} rows. */
public record ListSegments(String workspaceId, Map<String, String> after, int limit) {
}
