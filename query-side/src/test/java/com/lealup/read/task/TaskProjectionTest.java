package com.lealup.read.task;

import static com.lealup.read.ReadModelDatabase.assertRedeliveryAndReplaysRebuild;
import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.customer.CustomerErased;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.task.TaskCreated;
import com.lealup.api.task.TaskFields;
import com.lealup.api.task.TaskUpdated;
import com.lealup.read.ReadModelDatabase;
import com.lealup.testing.ProcessingOrders;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tasks read model from its events: created, patched (cleared fields and assignee too), completed. */
class TaskProjectionTest {

    private static final String WS = "wsp_tasks_test";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final TaskProjection projection = new TaskProjection(jdbc, SimpleQueryUpdateEmitter.builder().build());

    @BeforeEach
    void history() {
        projection.on(new TaskCreated("tsk_a", WS, "cus_1", "usr_ana", new TaskFields("Call champion", "About renewal",
                "usr_ana", LocalDate.parse("2026-03-10"), "high", "pending"), "pbk_1", "run_1", T0), 0);
        projection.on(new TaskUpdated("tsk_a", WS, "cus_1", new TaskFields(null, null, "usr_bob", null, null,
                "in_progress"), Set.of(TaskFields.DESCRIPTION, TaskFields.DUE_DATE), T0.plusSeconds(60)), 1);
        projection.on(new TaskCompleted("tsk_a", WS, "cus_1", "resolved", "renewed", T0.plusSeconds(120)), 2);

        projection.on(new TaskCreated("tsk_b", WS, "cus_2", "usr_ana", new TaskFields("Send deck", null, "usr_ana",
                null, "normal", "pending"), null, null, T0), 0);
        projection.on(new TaskUpdated("tsk_b", WS, "cus_2", new TaskFields("Send the deck", null, null,
                LocalDate.parse("2026-04-01"), null, null), Set.of(), T0.plusSeconds(30)), 1);

        projection.on(new TaskCreated("tsk_c", WS, "cus_2", "usr_ana", new TaskFields("Plan the QBR", null, "usr_ana",
                null, "normal", "pending"), null, null, T0), 0);
        projection.on(new TaskUpdated("tsk_c", WS, "cus_2", new TaskFields(null, null, null, null, null, null),
                Set.of(TaskFields.ASSIGNEE), T0.plusSeconds(40)), 1);
    }

    @Test
    void everyEventLeavesItsMark() {
        Map<String, Object> a = task("tsk_a");
        assertThat(a).containsEntry("title", "Call champion").containsEntry("description", null)
                .containsEntry("due_date", null).containsEntry("assignee_id", "usr_bob")
                .containsEntry("owner_id", "usr_ana").containsEntry("priority", "high")
                .containsEntry("status", "completed").containsEntry("outcome", "resolved").containsEntry("notes", "renewed")
                .containsEntry("playbook_id", "pbk_1").containsEntry("playbook_run_id", "run_1")
                .containsEntry("version", 3L);
        assertThat(((java.sql.Timestamp) a.get("completed_at")).toInstant()).isEqualTo(T0.plusSeconds(120));

        Map<String, Object> b = task("tsk_b");
        assertThat(b).containsEntry("title", "Send the deck").containsEntry("due_date", Date.valueOf("2026-04-01"))
                .containsEntry("status", "pending").containsEntry("assignee_id", "usr_ana").containsEntry("version", 2L);
        assertThat(((java.sql.Timestamp) b.get("updated_at")).toInstant()).isEqualTo(T0.plusSeconds(30));

        assertThat(task("tsk_c")).as("unassigned").containsEntry("assignee_id", null).containsEntry("owner_id", "usr_ana")
                .containsEntry("version", 2L);
    }

    @Test
    void anOlderEventChangesNothing() {
        projection.on(new TaskUpdated("tsk_b", WS, "cus_2", new TaskFields("Stale", null, null, null, null, null),
                Set.of(), T0.plusSeconds(10)), 0);
        assertThat(task("tsk_b")).containsEntry("title", "Send the deck").containsEntry("version", 2L);
    }

    @Test
    void redeliveryChangesNothingAndReplaysRebuildTheSameRows() {
        assertRedeliveryAndReplaysRebuild(() -> rows("task_view", "workspace_id = ?", WS), this::history,
                projection::reset);
    }

    /** In a workspace of its own: what it leaves is no part of the history above. */
    @Test
    void anErasedCustomersTaskIsGoneWhicheverSegmentHandlesItsEventsFirst() {
        String ws = "wsp_tasks_erasure_test";
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(
                ProcessingOrders.registeredFor(TaskProjection.PROCESSING_GROUP,
                        new TaskProcessingConfiguration().tasksSequencedByCustomer()),
                ProcessingOrders.ofAggregate("Task", "tsk_erased", 0, new TaskCreated("tsk_erased", ws, "cus_erased",
                        "usr_ana", new TaskFields("Call them", "About the renewal", "usr_ana", null, "high", "pending"),
                        null, null, T0), ws),
                ProcessingOrders.ofAggregate("Task", "tsk_erased", 1, new TaskCompleted("tsk_erased", ws, "cus_erased",
                        "resolved", "Renewed", T0.plusSeconds(60)), ws),
                ProcessingOrders.ofAggregate("Customer", "cus_erased", 4, new CustomerErased("cus_erased", ws,
                        CustomerErased.ON_REQUEST, T0.plusSeconds(120)), ws));

        for (List<EventMessage<?>> order : orders) {
            ProcessingOrders.handle(projection, order);
            assertThat(rows("task_view", "workspace_id = ?", ws))
                    .as("tasks of the erased customer after %s", ProcessingOrders.describe(order)).isEmpty();
        }
    }

    private Map<String, Object> task(String id) {
        return jdbc.sql("SELECT * FROM task_view WHERE id = ?").params(id).query().singleRow();
    }
}
