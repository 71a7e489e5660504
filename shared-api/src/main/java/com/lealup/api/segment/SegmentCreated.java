package com.lealup.api.segment;

import java.time.Instant;

public record SegmentCreated(String segmentId, String workspaceId, String name, Instant createdAt) {
}
