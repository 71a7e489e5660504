package com.lealup.api.customer;

import java.time.Instant;

/**
 * One customer of the workspace as it was at {@code asOf}, folded from its events stored up to that instant.
 * Answers {@code Optional<CustomerAsOf>} (its view without health: that is not the customer's own data), empty when the
 * customer did not exist yet at that instant, was in the trash then, has been purged since, or is another workspace's.
 */
public record FindCustomerAsOf(String workspaceId, String customerId, Instant asOf) {
}
