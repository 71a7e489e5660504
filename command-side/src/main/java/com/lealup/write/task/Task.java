package com.lealup.write.task;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.Written;
import com.lealup.write.AggregateVersions;
import com.lealup.api.task.CompleteTask;
import com.lealup.api.task.CreateTask;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.task.TaskCreated;
import com.lealup.api.task.TaskFields;
import com.lealup.api.task.TaskLifecycle;
import com.lealup.api.task.TaskUpdated;
import com.lealup.api.task.UpdateTask;
import com.lealup.write.customer.CustomerKeys;
import com.lealup.write.identity.WorkspaceMembers;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A task for a customer, created by a person or a playbook. Completed and skipped are final; the
 * assignee is always a user of the workspace. Handlers answer the task's new version (read-your-writes).
 */
@Aggregate
class Task {

    @AggregateIdentifier
    private String taskId;
    private String workspaceId;
    private String customerId;
    private String status;

    Task() {
        // for Axon
    }

    @CommandHandler
    Task(CreateTask command, WorkspaceMembers members, Clock clock) {
        TaskFields fields = command.fields();
        requireUser(members, command.workspaceId(), fields.assigneeId(), command.ownerId());
        TaskFields initial = new TaskFields(fields.title(), fields.description(), fields.assigneeId(), fields.dueDate(),
                Objects.requireNonNullElse(fields.priority(), TaskLifecycle.DEFAULT_PRIORITY), TaskLifecycle.PENDING);
        apply(new TaskCreated(command.taskId(), command.workspaceId(), command.customerId(), command.ownerId(), initial,
                command.playbookId(), command.playbookRunId(), clock.instant()));
    }

    @CommandHandler
    Written handle(UpdateTask command, WorkspaceMembers members, CustomerKeys keys, Clock clock) {
        requireVisible(command.workspaceId(), keys);
        AggregateVersions.require(command.expectedVersion());
        if (command.changes().changesNothing() && command.cleared().isEmpty()) {
            return AggregateVersions.written(false);
        }
        requireOpen();
        String newStatus = command.changes().status();
        if (TaskLifecycle.COMPLETED.equals(newStatus)) {
            throw DomainRejection.invalid("use_complete", "status",
                    "Complete a task with POST /v1/tasks/{id}/complete, which records its outcome");
        }
        requireUser(members, workspaceId, command.changes().assigneeId(), null);
        apply(new TaskUpdated(taskId, workspaceId, customerId, command.changes(), command.cleared(), clock.instant()));
        return AggregateVersions.written(true);
    }

    @CommandHandler
    long handle(CompleteTask command, CustomerKeys keys, Clock clock) {
        requireVisible(command.workspaceId(), keys);
        requireOpen();
        apply(new TaskCompleted(taskId, workspaceId, customerId, command.outcome(), command.notes(), clock.instant()));
        return AggregateVersions.current();
    }

    @EventSourcingHandler
    void on(TaskCreated event) {
        taskId = event.taskId();
        workspaceId = event.workspaceId();
        customerId = event.customerId();
        status = event.fields().status();
    }

    @EventSourcingHandler
    void on(TaskUpdated event) {
        if (event.changes().status() != null) {
            status = event.changes().status();
        }
    }

    @EventSourcingHandler
    void on(TaskCompleted event) {
        status = TaskLifecycle.COMPLETED;
    }

    /** A task of another workspace, or of an erased customer (docs/gdpr-erasure.md), is not found. */
    private void requireVisible(String callerWorkspaceId, CustomerKeys keys) {
        if (!workspaceId.equals(callerWorkspaceId) || keys.erased(customerId)) {
            throw DomainRejection.notFound(taskId);
        }
    }

    private void requireOpen() {
        if (TaskLifecycle.isFinal(status)) {
            throw DomainRejection.conflict("task_closed", "Task '" + taskId + "' is " + status + ", which is final",
                    Map.of("current_status", status));
        }
    }

    /**
     * The customer's owner is the assignee a manual task or a playbook's {@code owner} defaults to: the client may
     * not have named it, so the refusal says whose it is.
     */
    private static void requireUser(WorkspaceMembers members, String workspaceId, String userId, String ownerId) {
        if (userId != null && !members.isActiveUser(workspaceId, userId)) {
            throw DomainRejection.unprocessable("unknown_assignee", "assignee_id", userId.equals(ownerId)
                    ? "the customer's owner '" + userId + "' is not an active user of this workspace: name another "
                    + "assignee_id"
                    : "assignee_id '" + userId + "' is not a user of this workspace");
        }
    }
}
