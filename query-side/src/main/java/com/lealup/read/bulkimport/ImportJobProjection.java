package com.lealup.read.bulkimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.bulkimport.FindImportJob;
import com.lealup.api.bulkimport.ImportJobCompleted;
import com.lealup.api.bulkimport.ImportJobFailed;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportJobView;
import com.lealup.api.bulkimport.ImportRowsProcessed;
import com.lealup.api.bulkimport.RowOutcome;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The jobs read model ({@code import_job_view}); {@link ImportJobQueries} answers its queries. A chunk applies once:
 * its rows are counted only when it goes past what the row shows. {@code version} is the job aggregate's after the
 * event (its sequence number + 1): the job's ETag.
 */
@Component
@ProcessingGroup("import-jobs")
@ReadModelTables({"import_job_view"})
class ImportJobProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final QueryUpdateEmitter emitter;
    private final ImportJobQueries queries;

    ImportJobProjection(JdbcClient jdbc, ObjectMapper json, QueryUpdateEmitter emitter, ImportJobQueries queries) {
        this.jdbc = jdbc;
        this.json = json;
        this.emitter = emitter;
        this.queries = queries;
    }

    @EventHandler
    void on(ImportJobStarted event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO import_job_view (id, workspace_id, type, status, total, created_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                .params(event.jobId(), event.workspaceId(), ImportJobView.TYPE, ImportJobView.QUEUED,
                        event.rows().size(), Timestamp.from(event.createdAt()), sequence + 1)
                .update();
        emit(event.workspaceId(), event.jobId());
    }

    @EventHandler
    void on(ImportRowsProcessed event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE import_job_view SET status = ?, processed = ?, created = created + ?, updated = updated + ?,
                            skipped = skipped + ?, failed = failed + ?, errors = errors || CAST(? AS jsonb), version = ?
                        WHERE id = ? AND processed < ?""")
                .params(ImportJobView.RUNNING, event.toRow(), count(event, RowOutcome.CREATED),
                        count(event, RowOutcome.UPDATED), count(event, RowOutcome.SKIPPED),
                        count(event, RowOutcome.FAILED), toJson(event.errors()), sequence + 1, event.jobId(),
                        event.toRow())
                .update();
        emit(event.workspaceId(), event.jobId());
    }

    @EventHandler
    void on(ImportJobCompleted event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE import_job_view SET status = ?, processed = total, created = ?, updated = ?, skipped = ?,
                            failed = ?, completed_at = ?, version = ?
                        WHERE id = ?""")
                .params(ImportJobView.COMPLETED, event.created(), event.updated(), event.skipped(), event.failed(),
                        Timestamp.from(event.completedAt()), sequence + 1, event.jobId())
                .update();
        emit(event.workspaceId(), event.jobId());
    }

    /** The counts stay those of the chunks stored; {@code completed_at} is when the job ended. */
    @EventHandler
    void on(ImportJobFailed event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE import_job_view SET status = ?, error_code = ?, error_message = ?, completed_at = ?,
                            version = ?
                        WHERE id = ?""")
                .params(ImportJobView.FAILED, event.code(), event.message(), Timestamp.from(event.failedAt()),
                        sequence + 1, event.jobId())
                .update();
        emit(event.workspaceId(), event.jobId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE import_job_view").update();
    }

    private void emit(String workspaceId, String jobId) {
        if (emitter.activeSubscriptions().isEmpty()) {
            return;
        }
        queries.handle(new FindImportJob(workspaceId, jobId)).ifPresent(view ->
                emitter.emit(FindImportJob.class, q -> q.jobId().equals(jobId), view));
    }

    private static int count(ImportRowsProcessed event, String result) {
        return (int) event.outcomes().stream().filter(o -> o.result().equals(result)).count();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
