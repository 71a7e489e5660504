package com.lealup.api.task;

import java.time.LocalDate;

/** The filters of the task list (the seed's), combined with AND; null means no filter. */
public record TaskFilter(String ownerId, String assigneeId, String status, LocalDate dueBefore, LocalDate dueAfter,
                         String customerId, String playbookId) {
}
