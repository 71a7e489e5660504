package com.lealup.read.task;

import com.lealup.api.task.TaskView;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** A row of {@code task_view} as {@link #COLUMNS} selects it, read by position: also from a statement that joins it. */
public final class TaskRows {

    public static final String COLUMNS = """
            id, workspace_id, customer_id, playbook_id, playbook_run_id, title, description, owner_id, assignee_id,
            status, priority, due_date, outcome, notes, completed_at, created_at, updated_at, version""";

    private TaskRows() {
    }

    /** The task whose {@link #COLUMNS} start at column {@code first}. */
    public static TaskView task(ResultSet rs, int first) throws SQLException {
        Date due = rs.getDate(first + 11);
        return new TaskView(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5), rs.getString(first + 6),
                rs.getString(first + 7), rs.getString(first + 8), rs.getString(first + 9), rs.getString(first + 10),
                due == null ? null : due.toLocalDate(), rs.getString(first + 12), rs.getString(first + 13),
                instant(rs.getTimestamp(first + 14)), instant(rs.getTimestamp(first + 15)),
                instant(rs.getTimestamp(first + 16)), rs.getLong(first + 17));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
