package com.lealup.api.customer;

import java.time.Instant;

public record ContactRemoved(String customerId, String workspaceId, String contactId, Instant removedAt) {
}
