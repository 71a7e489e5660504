package com.lealup.api.analytics;

import java.time.LocalDate;

/** The portfolio at the end of {@code asOf} (UTC), or as it stands when {@code asOf} is null. */
public record FindPortfolio(String workspaceId, LocalDate asOf) {
}
