package com.lealup.api.customer;

import java.time.Instant;

public record ContactAdded(String customerId, String workspaceId, String contactId, ContactFields fields,
                           Instant addedAt) {
}
