package com.lealup.api.segment;

import java.time.Instant;

public record SegmentView(String id, String workspaceId, String name, Instant createdAt) {
}
