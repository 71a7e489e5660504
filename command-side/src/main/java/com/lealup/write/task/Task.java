package com.lealup.write.task;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.StorableText;
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
import com.lealup.write.customer.LiveCustomers;
import com.lealup.write.identity.WorkspaceMembers;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
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
    /** What the task holds now, so that a PATCH repeating it is no change, open or closed. */
    private TaskFields fields;

    Task() {
        // for Axon
    }

    @CommandHandler
    Task(CreateTask command, WorkspaceMembers members, LiveCustomers customers, Clock clock) {
        // a playbook's action may come after its customer went to the trash or was erased (which deleted its tasks):
        // then it gets none, as POST /v1/tasks gives none
        if (!customers.isLive(command.workspaceId(), command.customerId())) {
            throw DomainRejection.notFound(command.customerId());
        }
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
        if (TaskLifecycle.COMPLETED.equals(command.changes().status())) {
            throw DomainRejection.invalid("use_complete", "status",
                    "Complete a task with POST /v1/tasks/{id}/complete, which records its outcome");
        }
        // what the task holds already is no change: a PATCH that repeats it writes no event, and is no change of a
        // closed task either; the assignee it has already is not checked again, though deactivated since
        TaskFields effective = changedBy(command.changes());
        Set<String> cleared = clearing(command.cleared());
        if (effective.changesNothing() && cleared.isEmpty()) {
            return AggregateVersions.written(false);
        }
        requireOpen();
        requireUser(members, workspaceId, effective.assigneeId(), null);
        apply(new TaskUpdated(taskId, workspaceId, customerId, effective, cleared, clock.instant()));
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
        fields = event.fields();
    }

    @EventSourcingHandler
    void on(TaskUpdated event) {
        TaskFields changes = event.changes();
        Set<String> cleared = event.cleared();
        fields = new TaskFields(or(changes.title(), fields.title()),
                cleared.contains(TaskFields.DESCRIPTION) ? null : or(changes.description(), fields.description()),
                cleared.contains(TaskFields.ASSIGNEE) ? null : or(changes.assigneeId(), fields.assigneeId()),
                cleared.contains(TaskFields.DUE_DATE) ? null : or(changes.dueDate(), fields.dueDate()),
                or(changes.priority(), fields.priority()), or(changes.status(), fields.status()));
    }

    @EventSourcingHandler
    void on(TaskCompleted event) {
        fields = new TaskFields(fields.title(), fields.description(), fields.assigneeId(), fields.dueDate(),
                fields.priority(), TaskLifecycle.COMPLETED);
    }

    /** What of {@code requested} differs from what the task holds ({@code null} where it does not). */
    private TaskFields changedBy(TaskFields requested) {
        return new TaskFields(changed(requested.title(), fields.title()),
                changed(requested.description(), fields.description()),
                changed(requested.assigneeId(), fields.assigneeId()), changed(requested.dueDate(), fields.dueDate()),
                changed(requested.priority(), fields.priority()), changed(requested.status(), fields.status()));
    }

    /** Of the fields an update clears, those that hold a value now. */
    private Set<String> clearing(Set<String> cleared) {
        return cleared.stream().filter(field -> switch (field) {
            case TaskFields.DESCRIPTION -> fields.description() != null;
            case TaskFields.DUE_DATE -> fields.dueDate() != null;
            case TaskFields.ASSIGNEE -> fields.assigneeId() != null;
            default -> false;
        }).collect(Collectors.toUnmodifiableSet());
    }

    private static <T> T changed(T requested, T current) {
        return Objects.equals(requested, current) ? null : requested;
    }

    private static <T> T or(T changed, T current) {
        return changed != null ? changed : current;
    }

    /** A task of another workspace, or of an erased customer (docs/gdpr-erasure.md), is not found. */
    private void requireVisible(String callerWorkspaceId, CustomerKeys keys) {
        if (!workspaceId.equals(callerWorkspaceId) || keys.erased(customerId)) {
            throw DomainRejection.notFound(taskId);
        }
    }

    private void requireOpen() {
        if (TaskLifecycle.isFinal(fields.status())) {
            throw DomainRejection.conflict("task_closed", "Task '" + taskId + "' is " + fields.status()
                    + ", which is final", Map.of("current_status", fields.status()));
        }
    }

    /**
     * The customer's owner is the assignee a manual task or a playbook's {@code owner} defaults to: the client may
     * not have named it, so the refusal says whose it is.
     */
    private static void requireUser(WorkspaceMembers members, String workspaceId, String userId, String ownerId) {
        if (userId != null && !members.isActiveUser(workspaceId, userId)) {
            throw DomainRejection.unprocessable("unknown_assignee", "assignee_id", userId.equals(ownerId)
                    ? "the customer's owner '" + StorableText.abbreviated(userId)
                    + "' is not an active user of this workspace: name another "
                    + "assignee_id"
                    : "assignee_id '" + StorableText.abbreviated(userId) + "' is not a user of this workspace");
        }
    }
}
