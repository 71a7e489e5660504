package com.lealup.api.bulkimport;

import java.time.Instant;
import java.util.List;

/** An import job was accepted with its rows, as checked at the edge: the start of the import's audit. */
public record ImportJobStarted(String jobId, String workspaceId, ImportOptions options, List<ImportRow> rows,
                               Instant createdAt) {
}
