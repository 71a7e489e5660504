package com.lealup.api.customer;

/** One customer of the workspace, not deleted; answers null when there is none. */
public record FindCustomer(String workspaceId, String customerId) {
}
