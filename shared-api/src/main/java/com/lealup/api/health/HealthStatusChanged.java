package com.lealup.api.health;

import java.time.Instant;

/** A customer moved between healthy, neutral and at_risk (or from/to no status): what playbooks react to. */
public record HealthStatusChanged(String customerId, String workspaceId, String previousStatus, String status,
                                  Integer score, Instant changedAt) {
}
