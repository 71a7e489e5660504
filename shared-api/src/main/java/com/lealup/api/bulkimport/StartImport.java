package com.lealup.api.bulkimport;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates an import job of {@code rows} (at most 1,000); the job then runs on its own. */
public record StartImport(@TargetAggregateIdentifier String jobId, String workspaceId, ImportOptions options,
                          List<ImportRow> rows) {
}
