package com.lealup.api.health;

import java.time.Instant;
import java.util.List;

/**
 * A customer's new health score (published only when it differs from the previous one). {@code calculation}
 * counts the customer's scores from 1; {@code score} and {@code status} are null without any data. When
 * {@code status} differs from {@code previousStatus} a {@link HealthStatusChanged} follows.
 */
public record HealthScoreCalculated(String customerId, String workspaceId, long calculation, Integer score,
                                    String status, Integer previousScore, String previousStatus, int modelVersion,
                                    List<DimensionScore> dimensions, Instant calculatedAt) {
}
