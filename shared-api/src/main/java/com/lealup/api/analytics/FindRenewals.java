package com.lealup.api.analytics;

import java.time.LocalDate;
import java.util.List;

/** Renewals dated from {@code from} to {@code to} (inclusive), of the given forecast categories (all when empty). */
public record FindRenewals(String workspaceId, LocalDate from, LocalDate to, List<String> forecastCategories) {

    /**
     * The processing group that keeps the renewal pipeline. It follows the writes asynchronously (it lingers), so a read
     * first waits for it to handle every event stored before the request: a write shows in the very next read.
     */
    public static final String PROCESSING_GROUP = "analytics-renewals";
}
