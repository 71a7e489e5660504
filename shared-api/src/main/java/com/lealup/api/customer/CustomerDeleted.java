package com.lealup.api.customer;

import java.time.Instant;

public record CustomerDeleted(String customerId, String workspaceId, Instant deletedAt, Instant purgeAfter) {
}
