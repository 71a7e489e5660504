package com.lealup.api.customer;

/** One contact of a customer of the workspace that is not deleted: answers {@code Optional<ContactView>}. */
public record FindContact(String workspaceId, String customerId, String contactId) {
}
