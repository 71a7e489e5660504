package com.lealup.api.customer;

/** One customer of the workspace in the trash; answers null when there is none. */
public record FindDeletedCustomer(String workspaceId, String customerId) {
}
