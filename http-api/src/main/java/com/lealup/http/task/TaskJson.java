package com.lealup.http.task;

import com.lealup.api.task.TaskView;
import org.springframework.lang.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;

/** A task as the API shows it (API.md section 6). */
@Schema(name = "Task", example = """
        {"id": "tsk_01JD3K6A7B8C9D0E1F2G3H4J5K", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
            "customer_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "playbook_id": "pbk_01JD3K7A8B9C0D1E2F3G4H5J6K",
            "playbook_run_id": "run_01JD3K8A9B0C1D2E3F4G5H6J7K", "title": "Call champion",
            "description": "Health below 60 in the Enterprise segment", "owner_id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K",
            "assignee_id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K", "status": "pending", "priority": "high",
            "due_date": "2026-12-02", "outcome": null, "notes": null, "completed_at": null,
            "created_at": "2026-11-30T08:00:00Z", "updated_at": "2026-11-30T08:00:00Z", "version": 1}""")
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
