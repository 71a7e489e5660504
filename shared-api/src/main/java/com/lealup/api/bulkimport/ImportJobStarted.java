package com.lealup.api.bulkimport;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * An import job was accepted with its rows, as checked at the edge: the start of the import's audit. Revision 2: its
 * options' {@code conflict_resolution} applies in {@code create_or_update} mode too ({@link ImportOptions}).
 */
@Revision("2")
public record ImportJobStarted(String jobId, String workspaceId, ImportOptions options, List<ImportRow> rows,
                               Instant createdAt) {
}
