package com.lealup.api.segment;

/** One segment of the workspace; null when there is none. */
public record FindSegment(String workspaceId, String segmentId) {
}
