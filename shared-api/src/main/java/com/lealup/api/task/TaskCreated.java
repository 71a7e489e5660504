package com.lealup.api.task;

import com.lealup.api.customer.AboutACustomer;
import java.time.Instant;

public record TaskCreated(String taskId, String workspaceId, String customerId, String ownerId, TaskFields fields,
                          String playbookId, String playbookRunId, Instant createdAt) implements AboutACustomer {
}
