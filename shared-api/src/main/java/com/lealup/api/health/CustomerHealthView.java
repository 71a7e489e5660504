package com.lealup.api.health;

import java.time.Instant;
import java.util.List;

/** A customer's current health; {@code calculation} 0 means never scored (all else null). Deltas may be null. */
public record CustomerHealthView(String customerId, long calculation, Integer score, String status,
                                 Integer modelVersion, Instant calculatedAt, List<DimensionScore> dimensions,
                                 Integer delta7d, Integer delta30d) {
}
