package com.lealup.api.customer;

import java.time.Instant;

public record CustomerRestored(String customerId, String workspaceId, Instant restoredAt) {
}
