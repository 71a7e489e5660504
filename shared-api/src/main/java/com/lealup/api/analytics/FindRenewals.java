package com.lealup.api.analytics;

import java.time.LocalDate;
import java.util.List;

/** Renewals dated from {@code from} to {@code to} (inclusive), of the given forecast categories (all when empty). */
public record FindRenewals(String workspaceId, LocalDate from, LocalDate to, List<String> forecastCategories) {
}
