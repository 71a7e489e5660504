package com.lealup.api.task;

import java.util.List;

/** Task statuses and priorities; completed and skipped are final. */
public final class TaskLifecycle {

    public static final String PENDING = "pending";
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String SKIPPED = "skipped";
    public static final List<String> STATUSES = List.of(PENDING, IN_PROGRESS, COMPLETED, SKIPPED);
    public static final List<String> PRIORITIES = List.of("low", "normal", "high");
    public static final String DEFAULT_PRIORITY = "normal";

    private TaskLifecycle() {
    }

    public static boolean isFinal(String status) {
        return COMPLETED.equals(status) || SKIPPED.equals(status);
    }
}
