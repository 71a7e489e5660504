package com.lealup.api.task;

import com.lealup.api.PersonalData;
import java.time.LocalDate;

/**
 * A task's own data. In {@link UpdateTask} and {@link TaskUpdated} a null field is unchanged, and a field named in
 * {@code cleared} ({@link #DUE_DATE}, {@link #DESCRIPTION}, {@link #ASSIGNEE}) is removed.
 */
public record TaskFields(@PersonalData String title, @PersonalData String description, String assigneeId, LocalDate dueDate, String priority,
                         String status) {

    public static final String DUE_DATE = "due_date";
    public static final String DESCRIPTION = "description";
    /** Cleared, the task is unassigned, as a manual task of a customer without an owner is created. */
    public static final String ASSIGNEE = "assignee_id";

    /** True when nothing is set (named so that it is not a JSON property of the event). */
    public boolean changesNothing() {
        return title == null && description == null && assigneeId == null && dueDate == null && priority == null
                && status == null;
    }
}
