package com.lealup.api.playbook;

import java.time.Instant;

public record PlaybookCreated(String playbookId, String workspaceId, PlaybookDefinition definition,
                              Instant createdAt) {
}
