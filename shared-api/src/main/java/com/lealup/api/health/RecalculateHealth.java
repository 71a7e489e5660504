package com.lealup.api.health;

/** Scores the customer now; answers the number of the calculation in force afterwards (0: never scored). */
public record RecalculateHealth(String customerId, String workspaceId) {
}
