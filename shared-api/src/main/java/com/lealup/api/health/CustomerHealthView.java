package com.lealup.api.health;

import java.time.Instant;
import java.util.List;

/** A customer's current health; {@code calculation} 0 means never scored (all else null). Deltas may be null. */
public record CustomerHealthView(String customerId, long calculation, Integer score, String status,
                                 Integer modelVersion, Instant calculatedAt, List<DimensionScore> dimensions,
                                 Integer delta7d, Integer delta30d) {

    /** The same health with its trend: the score's change over 7 and 30 days. */
    public CustomerHealthView withTrend(Integer delta7d, Integer delta30d) {
        return new CustomerHealthView(customerId, calculation, score, status, modelVersion, calculatedAt, dimensions,
                delta7d, delta30d);
    }
}
