package com.lealup.api.task;

import java.time.Instant;

public record TaskCompleted(String taskId, String workspaceId, String customerId, String outcome, String notes,
                            Instant completedAt) {
}
