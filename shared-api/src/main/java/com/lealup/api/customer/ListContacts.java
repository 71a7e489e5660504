package com.lealup.api.customer;

import java.util.Map;

/**
 * A page of a customer's contacts in the order they were added; paged like {@link ListCustomers}. Answers
 * {@code Optional<ContactList>}, empty when the customer is not a live customer of the workspace.
 */
public record ListContacts(String workspaceId, String customerId, Map<String, String> after, int limit) {
}
