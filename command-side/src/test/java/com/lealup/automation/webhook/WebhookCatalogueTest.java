package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.health.HealthScoreCalculated;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookCatalogueTest {

    private static Map<String, Object> healthChanged(Integer score, String status, Integer previousScore,
                                                     String previousStatus) {
        HealthScoreCalculated event = new HealthScoreCalculated("cus_1", "wsp_1", 2, score, status, previousScore,
                previousStatus, 1, List.of(), Instant.parse("2026-11-29T02:00:00Z"), "events");
        return WebhookCatalogue.of(HealthScoreCalculated.class).data().apply(event);
    }

    @Test
    void customerHealthChangedGoesOutWhenTheStatusChangesOnly() {
        assertThat(healthChanged(54, "at_risk", 71, "healthy")).containsEntry("previous_status", "healthy")
                .containsEntry("score", 54);
        assertThat(healthChanged(80, "healthy", null, null)).as("the first score").containsEntry("status", "healthy");
        assertThat(healthChanged(null, null, 45, "neutral")).as("no data any more").containsEntry("score", null);
        assertThat(healthChanged(75, "healthy", 71, "healthy")).as("a new score in the same band").isNull();
        assertThat(healthChanged(null, null, null, null)).isNull();
    }
}
