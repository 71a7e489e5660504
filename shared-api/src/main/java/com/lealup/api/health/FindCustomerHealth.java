package com.lealup.api.health;

import java.time.Instant;

/** The customer's current health with its trend as of {@code now}; never null (calculation 0 when unscored). */
public record FindCustomerHealth(String workspaceId, String customerId, Instant now) {
}
