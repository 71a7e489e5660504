package com.lealup.api.segment;

/** One segment of the workspace: answers {@code Optional<SegmentView>}. */
public record FindSegment(String workspaceId, String segmentId) {
}
