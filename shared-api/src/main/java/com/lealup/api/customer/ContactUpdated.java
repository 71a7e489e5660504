package com.lealup.api.customer;

import java.time.Instant;
import java.util.Set;

public record ContactUpdated(String customerId, String workspaceId, String contactId, ContactFields changes,
                             Set<String> cleared, Instant updatedAt) {
}
