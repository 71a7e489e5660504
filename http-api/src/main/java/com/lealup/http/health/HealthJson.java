package com.lealup.http.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.DimensionScore;
import java.time.Instant;
import java.util.List;

/** A customer's health as {@code GET /v1/customers/{id}/health} shows it; all null before the first score. */
record HealthJson(@Nullable Integer score, @Nullable String status, @Nullable Integer modelVersion, @Nullable Instant calculatedAt,
                  List<DimensionScore> dimensions, Trend trend) {

    record Trend(@JsonProperty("delta_7d") @Nullable Integer delta7d, @JsonProperty("delta_30d") @Nullable Integer delta30d) {
    }

    static HealthJson of(CustomerHealthView h) {
        return new HealthJson(h.score(), h.status(), h.modelVersion(), h.calculatedAt(), h.dimensions(),
                new Trend(h.delta7d(), h.delta30d()));
    }
}
