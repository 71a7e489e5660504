package com.lealup.api.playbook;

import java.time.Instant;

public record PlaybookView(String id, String workspaceId, PlaybookDefinition definition, Instant createdAt,
                           Instant updatedAt, long version) {
}
