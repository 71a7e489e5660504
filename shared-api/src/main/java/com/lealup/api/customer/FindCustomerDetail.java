package com.lealup.api.customer;

/**
 * One customer of the workspace, not deleted, with what its page shows beside it: its current health and its open
 * tasks. Answers a {@link CustomerDetail}, or null when there is no such customer.
 */
public record FindCustomerDetail(String workspaceId, String customerId) {
}
