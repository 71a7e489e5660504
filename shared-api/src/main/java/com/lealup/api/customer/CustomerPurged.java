package com.lealup.api.customer;

import java.time.Instant;

/** The end of a customer: after it, no command reaches it and read models forget it. */
public record CustomerPurged(String customerId, String workspaceId, Instant purgedAt) implements AboutACustomer {
}
