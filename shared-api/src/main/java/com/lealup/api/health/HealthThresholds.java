package com.lealup.api.health;

/** A score {@code >= healthy} is healthy, {@code < atRisk} is at risk, neutral in between. */
public record HealthThresholds(int healthy, int atRisk) {

    public String statusOf(Integer score) {
        if (score == null) {
            return null;
        }
        return score >= healthy ? HealthModels.HEALTHY : score < atRisk ? HealthModels.AT_RISK : HealthModels.NEUTRAL;
    }
}
