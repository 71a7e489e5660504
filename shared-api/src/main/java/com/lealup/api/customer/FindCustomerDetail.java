package com.lealup.api.customer;

/**
 * One customer of the workspace, not deleted, with what its page shows beside it: its current health and its open
 * tasks. Answers {@code Optional<CustomerDetail>}, empty when there is no such customer. Its subscribers get the
 * customer's new detail once the customers projection has written a batch that changed it (a write waits for its own
 * this way).
 */
public record FindCustomerDetail(String workspaceId, String customerId) {
}
