package com.lealup.http.tasks;

import com.lealup.api.task.TaskView;
import org.springframework.lang.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;

/** A task as the API shows it (API.md section 6). */
@Schema(name = "Task")
public record TaskJson(String id, String tenantId, String customerId, @Nullable String playbookId, @Nullable String playbookRunId,
                       String title, @Nullable String description, @Nullable String ownerId, @Nullable String assigneeId, String status,
                       String priority, @Nullable LocalDate dueDate, @Nullable String outcome, @Nullable String notes, @Nullable Instant completedAt,
                       Instant createdAt, Instant updatedAt, long version) {

    public static TaskJson of(TaskView t) {
        return new TaskJson(t.id(), t.workspaceId(), t.customerId(), t.playbookId(), t.playbookRunId(), t.title(),
                t.description(), t.ownerId(), t.assigneeId(), t.status(), t.priority(), t.dueDate(), t.outcome(),
                t.notes(), t.completedAt(), t.createdAt(), t.updatedAt(), t.version());
    }
}
