package com.lealup.api.customer;

import java.util.Set;

/**
 * The audit trail of one customer of the workspace, read from the event store: its events oldest first, after the
 * event at {@code afterSequence} (null: from the first), only those of {@code types} (empty: every type), at most
 * {@code limit + 1} entries (the extra one tells that there is more). Answers a {@link CustomerHistory} that is not
 * {@code found} for a customer that does not exist, another workspace's, or a purged one.
 */
public record FindCustomerHistory(String workspaceId, String customerId, Long afterSequence, int limit,
                                  Set<String> types) {
}
