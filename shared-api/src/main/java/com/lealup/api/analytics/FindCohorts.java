package com.lealup.api.analytics;

import java.time.LocalDate;

/**
 * Retention cohorts by month or quarter, offsets up to {@code monthsOut} months, measured at the end of
 * {@code asOf} (the current period's date) or, when {@code asOf} is null, now ({@code today} names the current period).
 */
public record FindCohorts(String workspaceId, boolean quarterly, int monthsOut, LocalDate asOf, LocalDate today) {
}
