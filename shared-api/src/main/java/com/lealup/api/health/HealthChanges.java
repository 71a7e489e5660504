package com.lealup.api.health;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Score changes of a customer, newest first: each a {@link Change}, explained against the score before it when the
 * score was projected, as the API writes it (its JSON, passed through without parsing).
 */
public record HealthChanges(List<Entry> rows) {

    /** One published score: its calculation number (the position of a page) and its {@link Change} as JSON. */
    public record Entry(long calculation, String json) {
    }

    /**
     * One published score. {@code previous*} describe the score it replaced (null for the first). {@code dimensions}
     * lists every dimension present before or after; their {@code contributionDelta}s add up to
     * {@code score - previousScore} (a null score counts as 0). {@code signals} are the dimensions' inputs that moved.
     * While the previous score is not in the read model, the dimensions' {@code previous*} and deltas are null and
     * {@code signals} is empty (the change is explained again when it arrives). {@code traceId} is the trace of the
     * request that caused the score (the daily run's own; null for an event that had none).
     */
    public record Change(long calculation, Instant calculatedAt, Integer score, Integer previousScore, String status,
                         String previousStatus, int modelVersion, Integer previousModelVersion, String trigger,
                         List<DimensionChange> dimensions, List<SignalChange> signals, String traceId) {
    }

    /** A dimension before and after; the side where it had no data (or was disabled) is null. */
    public record DimensionChange(String key, Integer score, Integer previousScore, BigDecimal weight,
                                  BigDecimal previousWeight, BigDecimal contribution, BigDecimal previousContribution,
                                  BigDecimal contributionDelta) {
    }

    /** A signal of a dimension that moved; nested signals are named with dots ({@code open_tickets.high}). */
    public record SignalChange(String dimension, String name, Object from, Object to) {
    }
}
