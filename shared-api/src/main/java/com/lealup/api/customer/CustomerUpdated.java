package com.lealup.api.customer;

import java.time.Instant;
import java.util.Set;

/** Only what changed: see {@link CustomerFields} for the meaning of null fields and {@code cleared}. */
public record CustomerUpdated(String customerId, String workspaceId, CustomerFields changes, Set<String> cleared,
                              Instant updatedAt) {
}
