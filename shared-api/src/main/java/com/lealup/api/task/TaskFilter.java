package com.lealup.api.task;

import java.time.LocalDate;
import java.util.List;

/**
 * The filters of the task list (the seed's), combined with AND; null (for {@code statuses}, none) means no filter.
 * A task matches {@code statuses} when it is in any of them.
 */
public record TaskFilter(String ownerId, String assigneeId, List<String> statuses, LocalDate dueBefore,
                         LocalDate dueAfter, String customerId, String playbookId) {
}
