package com.lealup.api.identity;

import java.time.Instant;

public record WorkspaceView(String id, String name, String tier, Instant createdAt) {
}
