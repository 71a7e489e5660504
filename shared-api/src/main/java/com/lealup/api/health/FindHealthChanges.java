package com.lealup.api.health;

import java.time.Instant;

/**
 * A page of a customer's score changes, newest first: those calculated in {@code [from, to)} (either bound may be
 * null) with a calculation number below {@code beforeCalculation} (null: from the newest), at most {@code limit}.
 */
public record FindHealthChanges(String workspaceId, String customerId, Instant from, Instant to,
                                Long beforeCalculation, int limit) {
}
