package com.lealup.api.health;

import java.time.Instant;
import java.util.List;

/** The answer to {@link FindHealthChangeLog}: the scores oldest first. */
public record HealthChangeLog(List<Entry> rows) {

    /**
     * One change of score ({@link HealthScoreCalculated}): the event's identifier, its calculation number, when it
     * was calculated (to the microsecond, as stored), the score and status and those it replaced (null for the first
     * score, or without data), and the trace id its metadata carried (null when none).
     */
    public record Entry(String eventId, long calculation, Instant calculatedAt, Integer score, Integer previousScore,
                        String status, String previousStatus, String traceId) {
    }
}
