package com.lealup.api.health;

import java.time.Instant;

/**
 * The customer's health in force at {@code asOf}: the last score published at or before that instant, with its
 * breakdown, no trend; never null (calculation 0 when it had none yet, or when its scores went with its erasure).
 */
public record FindCustomerHealthAsOf(String workspaceId, String customerId, Instant asOf) {
}
