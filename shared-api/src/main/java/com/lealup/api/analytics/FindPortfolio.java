package com.lealup.api.analytics;

import java.time.LocalDate;

/** The portfolio at the end of {@code asOf} (UTC), or as it stands when {@code asOf} is null. */
public record FindPortfolio(String workspaceId, LocalDate asOf) {

    /**
     * The processing group that keeps the portfolio. It follows the writes asynchronously (it lingers), so a read
     * first waits for it to handle every event stored before the request: a write shows in the very next read.
     */
    public static final String PROCESSING_GROUP = "analytics-portfolio";
}
