package com.lealup.http.task;

import com.lealup.api.Names;
import com.lealup.api.Texts;
import com.lealup.api.task.TaskFields;
import com.lealup.api.task.TaskLifecycle;
import com.lealup.http.support.FieldRules;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.lang.Nullable;

/** The bodies of the task endpoints and their syntactic rules (400 with every field error at once). */
final class TaskRequests {

    @Schema(name = "CreateTaskRequest", example = "{\"customer_id\": \"cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P\", \"title\": \"Call the champion before the renewal\", \"description\": \"Usage dropped 40% this month\", \"assignee_id\": \"usr_01JD3K4Z5X6Y7W8V9T0S1R2Q3P\", \"due_date\": \"2027-01-15\", \"priority\": \"high\"}")
    record Create(@Schema(requiredMode = RequiredMode.REQUIRED) String customerId,
                  @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = MAX_TITLE, pattern = Names.PATTERN)
                  String title,
                  @Nullable @Schema(maxLength = MAX_TEXT, pattern = Texts.PATTERN) String description,
                  @Schema(description = "A user of the workspace (else 422); default the customer's owner")
                  String assigneeId,
                  @Nullable LocalDate dueDate, String priority) {
    }

    @Schema(name = "UpdateTaskRequest", example = "{\"status\": \"in_progress\", \"due_date\": \"2027-01-20\"}")
    record Change(@Schema(maxLength = MAX_TITLE, pattern = Names.PATTERN) String title,
                  @Nullable @Schema(maxLength = MAX_TEXT, pattern = Texts.PATTERN) String description,
                  @Nullable @Schema(description = "A user of the workspace (else 422); null unassigns the task")
                  String assigneeId, @Nullable LocalDate dueDate, String priority, String status) {
    }

    @Schema(name = "CompleteTaskRequest", example = "{\"outcome\": \"Renewal confirmed\", \"notes\": \"Champion agreed to a 2-year term\"}")
    record Complete(@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = MAX_TITLE, pattern = Names.PATTERN)
                    String outcome,
                    @Schema(maxLength = MAX_TEXT, pattern = Texts.PATTERN) String notes) {
    }

    /** The fields a PATCH clears with null. */
    static final Set<String> CLEARABLE = Set.of(TaskFields.DUE_DATE, TaskFields.DESCRIPTION, TaskFields.ASSIGNEE);
    /** The fields a create takes as null (none): the assignee's default is for an absent one. */
    private static final Set<String> NONE_ON_CREATE = Set.of(TaskFields.DUE_DATE, TaskFields.DESCRIPTION);
    private static final int MAX_TITLE = 200;
    private static final int MAX_TEXT = 5000;

    private TaskRequests() {
    }

    /** A create; {@code nulls}, the fields sent as null: the defaults (assignee, priority) are for absent ones. */
    static TaskFields forCreate(Create body, Set<String> nulls) {
        FieldRules rules = new FieldRules();
        rules.refuseNulls(nulls, NONE_ON_CREATE);
        rules.required("customer_id", body.customerId());
        rules.required("title", body.title());
        TaskFields fields = new TaskFields(rules.line("title", body.title(), MAX_TITLE),
                rules.text("description", body.description(), MAX_TEXT), body.assigneeId(), body.dueDate(),
                rules.oneOf("priority", body.priority(), TaskLifecycle.PRIORITIES), null);
        rules.throwIfInvalid();
        return fields;
    }

    static TaskFields forChange(Change body, Set<String> nulls) {
        FieldRules rules = new FieldRules();
        rules.refuseNulls(nulls, CLEARABLE);
        TaskFields fields = new TaskFields(rules.line("title", body.title(), MAX_TITLE),
                rules.text("description", body.description(), MAX_TEXT), body.assigneeId(), body.dueDate(),
                rules.oneOf("priority", body.priority(), TaskLifecycle.PRIORITIES),
                rules.oneOf("status", body.status(), TaskLifecycle.STATUSES));
        rules.throwIfInvalid();
        return fields;
    }

    /** A completion; {@code nulls}, the fields sent as null: none may be (no notes is notes left out). */
    static Complete forComplete(Complete body, Set<String> nulls) {
        FieldRules rules = new FieldRules();
        rules.refuseNulls(nulls, Set.of());
        rules.required("outcome", body.outcome());
        Complete complete = new Complete(rules.line("outcome", body.outcome(), MAX_TITLE),
                rules.text("notes", body.notes(), MAX_TEXT));
        rules.throwIfInvalid();
        return complete;
    }
}
