package com.lealup.http.bulkimport;

import com.lealup.api.Ids;
import com.lealup.api.bulkimport.FindImportJob;
import com.lealup.api.bulkimport.ImportJobView;
import com.lealup.api.bulkimport.RowError;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/jobs/{id}}: the progress and row errors of an asynchronous job (today: customer imports). */
@Tag(name = "Jobs")
@RestController
@RequestMapping(path = "/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
class ImportJobController {

    private final QueryGateway queries;

    ImportJobController(QueryGateway queries) {
        this.queries = queries;
    }

    @Schema(name = "Job", example = """
            {"id": "job_01JD3K9A0B1C2D3E4F5G6H7J8K", "type": "customer_import", "status": "completed", "total": 3,
            "processed": 3, "created": 2, "updated": 0, "skipped": 0, "failed": 1, "errors": [{"row": 2,
            "field": "email_domain", "code": "invalid_format",
            "message": "email_domain must be a domain name such as acme.com"}], "error": null,
            "created_at": "2026-11-30T08:00:00Z", "completed_at": "2026-11-30T08:00:02Z"}""")
    record JobJson(String id, @Schema(allowableValues = "customer_import") String type,
                   @Schema(allowableValues = {"queued", "running", "completed", "failed"}) String status,
                   int total, int processed, int created,
                   @Schema(description = "Rows that changed the customer they matched") int updated,
                   @Schema(description = "Rows that left the customer they matched as it was: a conflict skipped, or "
                           + "a row whose values the customer already held (no event written)") int skipped,
                   int failed,
                   @Schema(description = "Per row (0-based), with the codes of POST /v1/customers") List<RowErrorJson> errors,
                   @Nullable @Schema(description = "Why the job failed; null unless it failed") JobErrorJson error,
                   Instant createdAt,
                   @Nullable @Schema(description = "When the job ended, completed or failed") Instant completedAt) {

        static JobJson of(ImportJobView j) {
            return new JobJson(j.id(), j.type(), j.status(), j.total(), j.processed(), j.created(), j.updated(),
                    j.skipped(), j.failed(), j.errors().stream().map(RowErrorJson::of).toList(),
                    j.error() == null ? null : new JobErrorJson(j.error().code(), j.error().message()), j.createdAt(),
                    j.completedAt());
        }
    }

    @Schema(name = "JobError", description = "A job that stopped before its last row (never for bad rows: those are "
            + "row errors). The rows before processed are imported; the message never quotes a row's value.")
    record JobErrorJson(@Schema(allowableValues = "chunk_failed") String code, String message) {
    }

    @Schema(name = "ImportRowError")
    record RowErrorJson(int row, @Nullable @Schema(description = "null when the whole row is refused (a CSV row of the "
            + "wrong width)") String field, String code,
                       @Schema(description = "The field and the rule it breaks, never a value the row holds (a conflict "
                               + "names the existing customer's id)") String message) {

        static RowErrorJson of(RowError e) {
            return new RowErrorJson(e.row(), e.field(), e.code(), e.message());
        }
    }

    @Operation(operationId = "getJob", summary = "A job: status, counts and per-row errors", description = "Scope "
            + "customers:read. Another workspace's job is 404, as a missing one. ETag is the job's version, which "
            + "every chunk imported and the job's end move: poll with If-None-Match (304 while nothing changed).")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<JobJson> get(Caller caller, @PathVariable String id) {
        caller.require("customers:read");
        ApiException notFound = ApiException.notFound("Job", id);
        if (!Ids.looksLike(Ids.JOB, id)) {
            throw notFound;
        }
        Optional<ImportJobView> job = queries.query(new FindImportJob(caller.workspaceId(), id),
                ResponseTypes.optionalInstanceOf(ImportJobView.class)).join();
        ImportJobView found = job.orElseThrow(() -> notFound);
        return ResponseEntity.ok().eTag(ETags.of(found.version())).body(JobJson.of(found));
    }
}
