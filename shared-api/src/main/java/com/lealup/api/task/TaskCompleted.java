package com.lealup.api.task;

import com.lealup.api.PersonalData;
import java.time.Instant;

public record TaskCompleted(String taskId, String workspaceId, String customerId, String outcome,
                            @PersonalData String notes, Instant completedAt) {
}
