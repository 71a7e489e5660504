package com.lealup.http.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.DimensionScore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A customer's health as {@code GET /v1/customers/{id}/health} shows it; all null before the first score. */
@Schema(example = """
        {"score": 72, "status": "healthy", "model_version": 2, "calculated_at": "2026-11-29T06:00:00Z",
            "dimensions": [{"key": "product_usage", "weight": 60, "score": 80, "contribution": 48,
            "signals": {"seats": 250, "seat_score": 80, "trend_score": 80, "events_last_30d": 4000,
            "events_previous_30d": 5000}},
            {"key": "nps", "weight": 40, "score": 60, "contribution": 24, "signals": {"latest_nps": 6}}],
            "trend": {"delta_7d": -12, "delta_30d": -9}}""")
record HealthJson(@Nullable Integer score, @Nullable String status, @Nullable Integer modelVersion, @Nullable Instant calculatedAt,
                  List<DimensionScore> dimensions, Trend trend) {

    record Trend(@JsonProperty("delta_7d") @Nullable Integer delta7d, @JsonProperty("delta_30d") @Nullable Integer delta30d) {
    }

    static HealthJson of(CustomerHealthView h) {
        return new HealthJson(h.score(), h.status(), h.modelVersion(), h.calculatedAt(), h.dimensions(),
                new Trend(h.delta7d(), h.delta30d()));
    }
}
