package com.lealup.read.bulkimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.bulkimport.FindImportJob;
import com.lealup.api.bulkimport.ImportJobView;
import com.lealup.api.bulkimport.RowError;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The queries of the jobs read model ({@code import_job_view}, kept by {@link ImportJobProjection}). */
@Component
class ImportJobQueries {

    private static final TypeReference<List<RowError>> ERRORS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ImportJobQueries(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Another workspace's job is no job. */
    @QueryHandler
    Optional<ImportJobView> handle(FindImportJob query) {
        return jdbc.sql("SELECT * FROM import_job_view WHERE id = ? AND workspace_id = ?")
                .params(query.jobId(), query.workspaceId())
                .query(this::job).optional();
    }

    private ImportJobView job(ResultSet rs, int row) throws SQLException {
        Timestamp completedAt = rs.getTimestamp("completed_at");
        List<RowError> errors;
        try {
            errors = json.readValue(rs.getString("errors"), ERRORS);
        } catch (JsonProcessingException e) {
            throw new SQLException("import_job_view.errors of " + rs.getString("id") + " is not a list of errors", e);
        }
        String errorCode = rs.getString("error_code");
        return new ImportJobView(rs.getString("id"), rs.getString("workspace_id"), rs.getString("type"),
                rs.getString("status"), rs.getInt("total"), rs.getInt("processed"), rs.getInt("created"),
                rs.getInt("updated"), rs.getInt("skipped"), rs.getInt("failed"), errors,
                errorCode == null ? null : new ImportJobView.JobError(errorCode, rs.getString("error_message")),
                rs.getTimestamp("created_at").toInstant(), completedAt == null ? null : completedAt.toInstant(),
                rs.getLong("version"));
    }
}
