package com.lealup.api.bulkimport;

/** One job of the workspace ({@code GET /v1/jobs/{id}}); answers {@code Optional<ImportJobView>}. */
public record FindImportJob(String workspaceId, String jobId) {
}
