package com.lealup.http.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.task.TaskFields;
import com.lealup.http.support.FieldErrors;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskRequestsTest {

    /** A create without nulls. */
    private static TaskFields create(TaskRequests.Create body) {
        return TaskRequests.forCreate(body, Set.of());
    }

    @Test
    void aCreateIsTrimmedAndLeavesTheStatusToTheAggregate() {
        TaskFields fields = create(new TaskRequests.Create("cus_1", " Call ", " about it ", "usr_ana",
                LocalDate.parse("2026-12-01"), "high"));
        assertThat(fields).isEqualTo(new TaskFields("Call", "about it", "usr_ana", LocalDate.parse("2026-12-01"), "high",
                null));
    }

    @Test
    void aCreateNamesEveryBadFieldAtOnce() {
        assertThat(FieldErrors.of(() -> create(new TaskRequests.Create(null, null, null, null, null,
                null)))).containsExactly("customer_id required", "title required");
        assertThat(FieldErrors.of(() -> create(new TaskRequests.Create("cus_1", "t".repeat(201),
                "d".repeat(5001), null, null, "urgent"))))
                .containsExactly("title too_long", "description too_long", "priority unknown_value");
    }

    @Test
    void aCreateTakesNullOnlyForWhatAChangeClears() {
        TaskRequests.Create none = new TaskRequests.Create("cus_1", "Call", null, null, null, null);
        assertThat(TaskRequests.forCreate(none, Set.of(TaskFields.DUE_DATE, TaskFields.DESCRIPTION)))
                .isEqualTo(new TaskFields("Call", null, null, null, null, null));
        assertThat(FieldErrors.of(() -> TaskRequests.forCreate(new TaskRequests.Create(null, "Call", null, null, null,
                null), Set.of("priority", "assignee_id", "customer_id"))))
                .containsExactly("assignee_id not_nullable", "customer_id not_nullable", "priority not_nullable");
    }

    @Test
    void aChangeClearsOnlyTheDueDateAndDescription() {
        assertThat(TaskRequests.forChange(new TaskRequests.Change(null, null, null, null, null, "in_progress"),
                Set.of(TaskFields.DUE_DATE, TaskFields.DESCRIPTION)))
                .isEqualTo(new TaskFields(null, null, null, null, null, "in_progress"));
        assertThat(FieldErrors.of(() -> TaskRequests.forChange(new TaskRequests.Change(" ", null, null, null, null,
                "done"), Set.of("title", "status", TaskFields.DUE_DATE))))
                .containsExactly("status not_nullable", "title not_nullable", "title required", "status unknown_value");
    }

    @Test
    void completingNeedsAnOutcome() {
        assertThat(TaskRequests.forComplete(new TaskRequests.Complete(" resolved ", null), Set.of()))
                .isEqualTo(new TaskRequests.Complete("resolved", null));
        assertThat(FieldErrors.of(() -> TaskRequests.forComplete(new TaskRequests.Complete(null, "n".repeat(5001)),
                Set.of()))).containsExactly("outcome required", "notes too_long");
        assertThat(FieldErrors.of(() -> TaskRequests.forComplete(new TaskRequests.Complete(null, null),
                Set.of("outcome", "notes")))).containsExactly("notes not_nullable", "outcome not_nullable");
    }
}
