package com.lealup.api.customer;

/** One customer of the workspace, not deleted: answers {@code Optional<CustomerView>}. */
public record FindCustomer(String workspaceId, String customerId) {
}
