package com.lealup.api.task;

import java.time.Instant;
import java.time.LocalDate;

public record TaskView(String id, String workspaceId, String customerId, String playbookId, String playbookRunId,
                       String title, String description, String ownerId, String assigneeId, String status,
                       String priority, LocalDate dueDate, String outcome, String notes, Instant completedAt,
                       Instant createdAt, Instant updatedAt, long version) {
}
