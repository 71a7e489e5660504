package com.lealup.read.bulkimport;

import static com.lealup.read.ReadModelDatabase.assertRedeliveryAndReplaysRebuild;
import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.bulkimport.FindImportJob;
import com.lealup.api.bulkimport.ImportJobCompleted;
import com.lealup.api.bulkimport.ImportJobFailed;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportJobView;
import com.lealup.api.bulkimport.ImportOptions;
import com.lealup.api.bulkimport.ImportRow;
import com.lealup.api.bulkimport.ImportRowsProcessed;
import com.lealup.api.bulkimport.RowError;
import com.lealup.api.bulkimport.RowOutcome;
import com.lealup.read.ReadModelDatabase;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The jobs read model: queued, counted chunk by chunk (each once), completed or failed; another workspace sees nothing.
 */
class ImportJobProjectionTest {

    private static final String WS = "wsp_jobs_test";
    private static final String JOB = "job_projection_test";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final RowError ERROR = new RowError(1, "arr", "must_be_positive", "Field 'arr' must be a positive number");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final ObjectMapper json = new ObjectMapper();
    private final ImportJobQueries queries = new ImportJobQueries(jdbc, json);
    private final ImportJobProjection projection = new ImportJobProjection(jdbc, json,
            SimpleQueryUpdateEmitter.builder().build(), queries);

    private final List<ImportRow> rows = Collections.nCopies(3, new ImportRow(0, null, null, null, List.of(), null,
            Set.of(), List.of()));

    private void started() {
        projection.on(new ImportJobStarted(JOB, WS, ImportOptions.DEFAULTS, rows, T0), 0);
    }

    private void history() {
        started();
        projection.on(new ImportRowsProcessed(JOB, WS, 0, 2, List.of(new RowOutcome(0, "created", "cus_1"),
                new RowOutcome(1, "failed", null)), List.of(ERROR), T0.plusSeconds(1)), 1);
        projection.on(new ImportRowsProcessed(JOB, WS, 2, 3, List.of(new RowOutcome(2, "skipped", "cus_2")), List.of(),
                T0.plusSeconds(2)), 2);
        projection.on(new ImportJobCompleted(JOB, WS, 3, 1, 0, 1, 1, T0.plusSeconds(2)), 3);
    }

    @BeforeEach
    void clean() {
        jdbc.sql("DELETE FROM import_job_view WHERE workspace_id = ?").params(WS).update();
    }

    @Test
    void showsAJobQueuedRunningAndCompleted() {
        started();
        assertThat(job().status()).isEqualTo(ImportJobView.QUEUED);
        assertThat(job().total()).isEqualTo(3);
        assertThat(job().version()).isEqualTo(1);

        history();
        ImportJobView job = job();
        assertThat(job.status()).isEqualTo(ImportJobView.COMPLETED);
        assertThat(job.type()).isEqualTo("customer_import");
        assertThat(List.of(job.processed(), job.created(), job.updated(), job.skipped(), job.failed()))
                .containsExactly(3, 1, 0, 1, 1);
        assertThat(job.errors()).containsExactly(ERROR);
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(job.completedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(job.error()).isNull();
        assertThat(job.version()).as("after its fourth event").isEqualTo(4);
        assertThat(queries.handle(new FindImportJob("wsp_other", JOB))).isEmpty();
    }

    @Test
    void aFailedJobKeepsTheCountsOfItsStoredChunksAndShowsWhy() {
        started();
        projection.on(new ImportRowsProcessed(JOB, WS, 0, 2, List.of(new RowOutcome(0, "created", "cus_1"),
                new RowOutcome(1, "failed", null)), List.of(ERROR), T0.plusSeconds(1)), 1);
        assertThat(job().version()).isEqualTo(2);
        projection.on(new ImportJobFailed(JOB, WS, 2, 5, ImportJobFailed.CHUNK_FAILED, "The import stopped",
                T0.plusSeconds(9)), 2);

        ImportJobView job = job();
        assertThat(job.status()).isEqualTo(ImportJobView.FAILED);
        assertThat(List.of(job.processed(), job.created(), job.failed())).containsExactly(2, 1, 1);
        assertThat(job.errors()).containsExactly(ERROR);
        assertThat(job.error()).isEqualTo(new ImportJobView.JobError("chunk_failed", "The import stopped"));
        assertThat(job.completedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(job.version()).isEqualTo(3);
    }

    @Test
    void aChunkDeliveredAgainCountsOnce() {
        history();
        projection.on(new ImportRowsProcessed(JOB, WS, 0, 2, List.of(new RowOutcome(0, "created", "cus_1"),
                new RowOutcome(1, "failed", null)), List.of(ERROR), T0.plusSeconds(1)), 1);
        assertThat(job().errors()).hasSize(1);
        assertThat(job().created()).isEqualTo(1);
        assertThat(job().version()).isEqualTo(4);
    }

    @Test
    void redeliveryChangesNothingAndReplaysRebuildTheSameRows() {
        history();
        assertRedeliveryAndReplaysRebuild(() -> rows("import_job_view", "workspace_id = ?", WS), this::history,
                projection::reset);
    }

    private ImportJobView job() {
        return queries.handle(new FindImportJob(WS, JOB)).orElseThrow();
    }
}
