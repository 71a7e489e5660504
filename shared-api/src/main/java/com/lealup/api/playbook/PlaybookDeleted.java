package com.lealup.api.playbook;

import java.time.Instant;

public record PlaybookDeleted(String playbookId, String workspaceId, Instant deletedAt) {
}
