package com.lealup.api.bulkimport;

import java.time.Instant;
import java.util.List;

/**
 * Rows {@code fromRow} (inclusive) to {@code toRow} (exclusive) of a job were imported, in the transaction that
 * stored the customers' own events: each row's outcome and the errors of the failed ones.
 */
public record ImportRowsProcessed(String jobId, String workspaceId, int fromRow, int toRow, List<RowOutcome> outcomes,
                                  List<RowError> errors, Instant processedAt) {
}
