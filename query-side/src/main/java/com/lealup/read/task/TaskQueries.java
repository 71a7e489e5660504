package com.lealup.read.task;

import com.lealup.api.task.FindTask;
import com.lealup.api.task.FindTaskVersion;
import com.lealup.api.task.ListTasks;
import com.lealup.api.task.TaskFilter;
import com.lealup.api.task.TaskList;
import com.lealup.api.task.TaskView;
import java.sql.Date;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the task queries from {@code task_view}. */
@Component
class TaskQueries {

    private static final RowMapper<TaskView> ROW = (rs, row) -> TaskRows.task(rs, 1);

    private final JdbcClient jdbc;

    TaskQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<TaskView> handle(FindTask query) {
        return jdbc.sql("SELECT " + TaskRows.COLUMNS + " FROM task_view WHERE id = ? AND workspace_id = ?")
                .params(query.taskId(), query.workspaceId()).query(ROW).optional();
    }

    @QueryHandler
    Long handle(FindTaskVersion query) {
        return jdbc.sql("SELECT version FROM task_view WHERE id = ?").param(query.taskId())
                .query(Long.class).optional().orElse(0L);
    }

    @QueryHandler
    TaskList handle(ListTasks query) {
        StringBuilder sql = new StringBuilder("SELECT " + TaskRows.COLUMNS + " FROM task_view WHERE workspace_id = :ws");
        MapSqlParameterSource params = new MapSqlParameterSource("ws", query.workspaceId());
        TaskFilter f = query.filter();
        equal(sql, params, "owner_id", f.ownerId());
        equal(sql, params, "assignee_id", f.assigneeId());
        if (!f.statuses().isEmpty()) {
            sql.append(" AND status IN (:statuses)");
            params.addValue("statuses", f.statuses());
        }
        equal(sql, params, "customer_id", f.customerId());
        equal(sql, params, "playbook_id", f.playbookId());
        if (f.dueBefore() != null) {
            sql.append(" AND due_date < :dueBefore");
            params.addValue("dueBefore", Date.valueOf(f.dueBefore()));
        }
        if (f.dueAfter() != null) {
            sql.append(" AND due_date > :dueAfter");
            params.addValue("dueAfter", Date.valueOf(f.dueAfter()));
        }
        if (!query.after().isEmpty()) {
            // ids are time-ordered: newest first is id order
            sql.append(" AND id < :afterId");
            params.addValue("afterId", query.after().get("id"));
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.addValue("limit", query.limit() + 1);
        return new TaskList(jdbc.sql(sql.toString()).paramSource(params).query(ROW).list());
    }

    private static void equal(StringBuilder sql, MapSqlParameterSource params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            params.addValue(column, value);
        }
    }
}
