package com.lealup.api.customer;

import java.time.Instant;

public record CustomerCreated(String customerId, String workspaceId, CustomerFields fields, Instant createdAt) {
}
