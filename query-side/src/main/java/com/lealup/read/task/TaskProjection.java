package com.lealup.read.task;

import com.lealup.api.customer.CustomerErased;
import com.lealup.api.projections.ReadModelTables;
import com.lealup.api.task.FindTaskVersion;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.task.TaskCreated;
import com.lealup.api.task.TaskFields;
import com.lealup.api.task.TaskUpdated;
import java.sql.Date;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tasks read model ({@code task_view}). Rows carry their task's version, which guards every write (a
 * redelivered event changes nothing); subscribers of {@link FindTaskVersion} learn each new version.
 */
@Component
@ProcessingGroup(TaskProjection.PROCESSING_GROUP)
@ReadModelTables({"task_view"})
class TaskProjection {

    static final String PROCESSING_GROUP = "tasks";

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;

    TaskProjection(JdbcClient jdbc, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.emitter = emitter;
    }

    @EventHandler
    void on(TaskCreated event, @SequenceNumber long sequence) {
        TaskFields f = event.fields();
        jdbc.sql("""
                        INSERT INTO task_view (id, workspace_id, customer_id, playbook_id, playbook_run_id, title,
                            description, owner_id, assignee_id, status, priority, due_date, created_at, updated_at, version)
                        VALUES (:id, :ws, :customer, :playbook, :run, :title, :description, :owner, :assignee, :status,
                            :priority, :due, :at, :at, :version)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", event.taskId())
                .param("ws", event.workspaceId())
                .param("customer", event.customerId())
                .param("playbook", event.playbookId())
                .param("run", event.playbookRunId())
                .param("title", f.title())
                .param("description", f.description())
                .param("owner", event.ownerId())
                .param("assignee", f.assigneeId())
                .param("status", f.status())
                .param("priority", f.priority())
                .param("due", f.dueDate() == null ? null : Date.valueOf(f.dueDate()))
                .param("at", Timestamp.from(event.createdAt()))
                .param("version", sequence + 1)
                .update();
        announce(event.taskId(), sequence);
    }

    @EventHandler
    void on(TaskUpdated event, @SequenceNumber long sequence) {
        TaskFields c = event.changes();
        jdbc.sql("""
                        UPDATE task_view SET title = COALESCE(:title, title),
                            description = CASE WHEN :clearDescription THEN NULL ELSE COALESCE(:description, description) END,
                            assignee_id = CASE WHEN :clearAssignee THEN NULL ELSE COALESCE(:assignee, assignee_id) END,
                            status = COALESCE(:status, status),
                            priority = COALESCE(:priority, priority),
                            due_date = CASE WHEN :clearDue THEN NULL ELSE COALESCE(:due, due_date) END,
                            updated_at = :at, version = :version
                        WHERE id = :id AND version < :version""")
                .param("id", event.taskId())
                .param("title", c.title())
                .param("clearDescription", event.cleared().contains(TaskFields.DESCRIPTION))
                .param("description", c.description())
                .param("clearAssignee", event.cleared().contains(TaskFields.ASSIGNEE))
                .param("assignee", c.assigneeId())
                .param("status", c.status())
                .param("priority", c.priority())
                .param("clearDue", event.cleared().contains(TaskFields.DUE_DATE))
                .param("due", c.dueDate() == null ? null : Date.valueOf(c.dueDate()))
                .param("at", Timestamp.from(event.updatedAt()))
                .param("version", sequence + 1)
                .update();
        announce(event.taskId(), sequence);
    }

    /** An erased customer's tasks go with it (their titles, descriptions and notes are its personal data). */
    @EventHandler
    void on(CustomerErased event) {
        jdbc.sql("DELETE FROM task_view WHERE customer_id = ?").param(event.customerId()).update();
    }

    @EventHandler
    void on(TaskCompleted event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE task_view SET status = 'completed', outcome = ?, notes = ?, completed_at = ?, updated_at = ?,
                            version = ?
                        WHERE id = ? AND version < ?""")
                .params(event.outcome(), event.notes(), Timestamp.from(event.completedAt()),
                        Timestamp.from(event.completedAt()), sequence + 1, event.taskId(), sequence + 1)
                .update();
        announce(event.taskId(), sequence);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE task_view").update();
    }

    private void announce(String taskId, long sequence) {
        emitter.emit(FindTaskVersion.class, q -> q.taskId().equals(taskId), sequence + 1);
    }
}
