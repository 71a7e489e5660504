package com.lealup.api.analytics;

import java.time.LocalDate;

/**
 * Retention cohorts by month or quarter, offsets up to {@code monthsOut} months, measured at the end of
 * {@code asOf} (the current period's date) or, when {@code asOf} is null, now ({@code today} names the current period).
 */
public record FindCohorts(String workspaceId, boolean quarterly, int monthsOut, LocalDate asOf, LocalDate today) {

    /**
     * The processing group that keeps the cohorts. It follows the writes asynchronously (it lingers), so a read
     * first waits for it to handle every event stored before the request: a write shows in the very next read.
     */
    public static final String PROCESSING_GROUP = "analytics-cohorts";
}
