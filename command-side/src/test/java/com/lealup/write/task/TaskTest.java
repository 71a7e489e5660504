package com.lealup.write.task;

import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.Written;
import com.lealup.api.task.CompleteTask;
import com.lealup.api.task.CreateTask;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.task.TaskCreated;
import com.lealup.api.task.TaskFields;
import com.lealup.api.task.TaskUpdated;
import com.lealup.api.task.UpdateTask;
import com.lealup.write.customer.InMemoryCustomerKeys;
import com.lealup.write.customer.LiveCustomers;
import com.lealup.write.identity.OneUserWorkspace;
import com.lealup.write.identity.WorkspaceMembers;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static final String WS = "wsp_1";
    private static final String ID = "tsk_1";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private static final WorkspaceMembers MEMBERS = new OneUserWorkspace(WS, "usr_ana");

    private static AggregateTestFixture<Task> fixture() {
        return fixture(new InMemoryCustomerKeys(), (workspaceId, customerId) -> true);
    }

    private static AggregateTestFixture<Task> fixture(InMemoryCustomerKeys keys, LiveCustomers customers) {
        AggregateTestFixture<Task> fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(MEMBERS);
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(customers);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        return fixture;
    }

    private static TaskFields call(String assignee) {
        return new TaskFields("Call champion", null, assignee, LocalDate.parse("2026-12-01"), null, null);
    }

    private static TaskCreated created() {
        return new TaskCreated(ID, WS, "cus_1", "usr_ana", new TaskFields("Call champion", null, "usr_ana",
                LocalDate.parse("2026-12-01"), "normal", "pending"), null, null, NOW);
    }

    private static TaskFields status(String status) {
        return new TaskFields(null, null, null, null, null, status);
    }

    @Test
    void createsAPendingTaskWithNormalPriority() {
        fixture().givenNoPriorActivity()
                .when(new CreateTask(ID, WS, "cus_1", "usr_ana", call("usr_ana"), null, null))
                .expectEvents(created());
    }

    @Test
    void theAssigneeMustBeAUserOfTheWorkspace() {
        fixture().givenNoPriorActivity()
                .when(new CreateTask(ID, WS, "cus_1", null, call("usr_stranger"), null, null))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_assignee", "assignee_id"))
                .expectExceptionMessage("assignee_id 'usr_stranger' is not a user of this workspace")
                .expectNoEvents();
        // the customer's owner, the default assignee, no longer active: the message names it as such
        fixture().givenNoPriorActivity()
                .when(new CreateTask(ID, WS, "cus_1", "usr_stranger", call("usr_stranger"), null, null))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_assignee", "assignee_id"))
                .expectExceptionMessage("the customer's owner 'usr_stranger' is not an active user of this workspace: "
                        + "name another assignee_id")
                .expectNoEvents();
        fixture().given(created())
                .when(new UpdateTask(ID, WS, null, new TaskFields(null, null, "usr_stranger", null, null, null), Set.of()))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_assignee", "assignee_id"))
                .expectNoEvents();
    }

    @Test
    void theTaskOfAnErasedCustomerIsNotFound() {
        InMemoryCustomerKeys keys = new InMemoryCustomerKeys();
        keys.destroy("cus_1");
        LiveCustomers none = (workspaceId, customerId) -> false;
        fixture(keys, none).given(created())
                .when(new UpdateTask(ID, WS, null, new TaskFields(null, null, null, null, null, null), Set.of()))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectNoEvents();
        fixture(keys, none).given(created())
                .when(new CompleteTask(ID, WS, "done", null))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectNoEvents();
        // a playbook's action that comes after the erasure, which deleted the customer's tasks already
        fixture(keys, none).givenNoPriorActivity()
                .when(new CreateTask(ID, WS, "cus_1", "usr_ana", call("usr_ana"), "pbk_1", "run_1"))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectNoEvents();
    }

    /** As POST /v1/tasks refuses one: a playbook's action that comes after the customer went to the trash. */
    @Test
    void aCustomerInTheTrashTakesNoNewTask() {
        LiveCustomers liveButCus1 = (workspaceId, customerId) -> !customerId.equals("cus_1");
        fixture(new InMemoryCustomerKeys(), liveButCus1).givenNoPriorActivity()
                .when(new CreateTask(ID, WS, "cus_1", "usr_ana", call("usr_ana"), "pbk_1", "run_1"))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectExceptionMessage("Customer 'cus_1' was not found")
                .expectNoEvents();
    }

    @Test
    void anEmptyUpdateChangesNothing() {
        fixture().given(created())
                .when(new UpdateTask(ID, WS, null, new TaskFields(null, null, null, null, null, null), Set.of()))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(1, false));
    }

    @Test
    void movesThroughItsStatesUntilAFinalOne() {
        fixture().given(created())
                .when(new UpdateTask(ID, WS, null, status("in_progress"), Set.of()))
                .expectEvents(new TaskUpdated(ID, WS, "cus_1", status("in_progress"), Set.of(), NOW))
                .expectResultMessagePayload(new Written(2, true));
        fixture().given(created())
                .when(new CompleteTask(ID, WS, "resolved", "ok"))
                .expectEvents(new TaskCompleted(ID, WS, "cus_1", "resolved", "ok", NOW));
    }

    @Test
    void completedAndSkippedAreFinal() {
        TaskCompleted completed = new TaskCompleted(ID, WS, "cus_1", "resolved", null, NOW);
        TaskUpdated skipped = new TaskUpdated(ID, WS, "cus_1", status("skipped"), Set.of(), NOW);
        fixture().given(created(), completed)
                .when(new UpdateTask(ID, WS, null, status("pending"), Set.of()))
                .expectException(rejection(Kind.CONFLICT, "task_closed"))
                .expectExceptionMessage("Task 'tsk_1' is completed, which is final");
        fixture().given(created(), skipped)
                .when(new CompleteTask(ID, WS, "resolved", null))
                .expectException(rejection(Kind.CONFLICT, "task_closed"))
                .expectNoEvents();
        fixture().given(created(), completed)
                .when(new CompleteTask(ID, WS, "again", null))
                .expectException(rejection(Kind.CONFLICT, "task_closed"));
    }

    @Test
    void anUpdateRepeatingWhatTheTaskHoldsChangesNothingEvenWhenClosed() {
        TaskFields same = new TaskFields("Call champion", null, "usr_ana", LocalDate.parse("2026-12-01"), "normal", null);
        fixture().given(created(), new TaskCompleted(ID, WS, "cus_1", "resolved", null, NOW))
                .when(new UpdateTask(ID, WS, null, same, Set.of(TaskFields.DESCRIPTION)))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(2, false));
        fixture().given(created(), new TaskUpdated(ID, WS, "cus_1", status("skipped"), Set.of(), NOW))
                .when(new UpdateTask(ID, WS, null, status("skipped"), Set.of()))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(2, false));
        // a real change of a closed task is still refused
        fixture().given(created(), new TaskCompleted(ID, WS, "cus_1", "resolved", null, NOW))
                .when(new UpdateTask(ID, WS, null, same, Set.of(TaskFields.DUE_DATE)))
                .expectException(rejection(Kind.CONFLICT, "task_closed"))
                .expectNoEvents();
    }

    @Test
    void anUpdateRecordsOnlyWhatChanges() {
        fixture().given(created())
                .when(new UpdateTask(ID, WS, null, new TaskFields("Call champion", null, "usr_ana", null, "high",
                        "pending"), Set.of(TaskFields.DESCRIPTION, TaskFields.DUE_DATE)))
                .expectEvents(new TaskUpdated(ID, WS, "cus_1", new TaskFields(null, null, null, null, "high", null),
                        Set.of(TaskFields.DUE_DATE), NOW))
                .expectResultMessagePayload(new Written(2, true));
    }

    @Test
    void clearingTheAssigneeUnassignsTheTaskOnce() {
        TaskFields none = new TaskFields(null, null, null, null, null, null);
        fixture().given(created())
                .when(new UpdateTask(ID, WS, null, none, Set.of(TaskFields.ASSIGNEE)))
                .expectEvents(new TaskUpdated(ID, WS, "cus_1", none, Set.of(TaskFields.ASSIGNEE), NOW))
                .expectResultMessagePayload(new Written(2, true));
        fixture().given(created(), new TaskUpdated(ID, WS, "cus_1", none, Set.of(TaskFields.ASSIGNEE), NOW))
                .when(new UpdateTask(ID, WS, null, none, Set.of(TaskFields.ASSIGNEE)))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(2, false));
        // assigned again afterwards: a change, as from no assignee
        fixture().given(created(), new TaskUpdated(ID, WS, "cus_1", none, Set.of(TaskFields.ASSIGNEE), NOW))
                .when(new UpdateTask(ID, WS, null, new TaskFields(null, null, "usr_ana", null, null, null), Set.of()))
                .expectEvents(new TaskUpdated(ID, WS, "cus_1", new TaskFields(null, null, "usr_ana", null, null, null),
                        Set.of(), NOW));
    }

    @Test
    void completingGoesThroughCompleteSoTheOutcomeIsRecorded() {
        fixture().given(created())
                .when(new UpdateTask(ID, WS, null, status("completed"), Set.of()))
                .expectException(rejection(Kind.INVALID, "use_complete", "status"))
                .expectNoEvents();
    }

    @Test
    void honoursIfMatchAndHidesFromOtherWorkspaces() {
        fixture().given(created())
                .when(new UpdateTask(ID, WS, 2L, status("in_progress"), Set.of()))
                .expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch"))
                .expectExceptionMessage("The resource is at version 1, not 2");
        fixture().given(created())
                .when(new CompleteTask(ID, "wsp_other", "resolved", null))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectExceptionMessage("Task 'tsk_1' was not found");
    }
}
