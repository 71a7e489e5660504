package com.lealup.api.task;

import com.lealup.api.customer.AboutACustomer;
import java.time.Instant;
import java.util.Set;

/** Only what changed (see {@link TaskFields}); a status of skipped closes the task. */
public record TaskUpdated(String taskId, String workspaceId, String customerId, TaskFields changes,
                          Set<String> cleared, Instant updatedAt) implements AboutACustomer {
}
