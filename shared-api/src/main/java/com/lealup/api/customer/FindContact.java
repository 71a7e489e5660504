package com.lealup.api.customer;

/** One contact of a customer of the workspace that is not deleted; null when there is none. */
public record FindContact(String workspaceId, String customerId, String contactId) {
}
