package com.lealup.api.customer;

import java.util.Set;

/**
 * The audit trail of one customer of the workspace: the events of its aggregate, read from the event store, and the
 * changes of its health score, merged oldest first ({@link CustomerHistory.Position}). The page starts after the
 * customer's event at {@code afterSequence} (null: from the first) and after its score {@code afterCalculation} (0:
 * from the first); only entries of {@code types} (empty: every type), at most {@code limit + 1} entries (the extra
 * one tells that there is more). Answers {@code Optional<CustomerHistory>}, empty for a customer that does not
 * exist, another workspace's, or a purged one.
 */
public record FindCustomerHistory(String workspaceId, String customerId, Long afterSequence, long afterCalculation,
                                  int limit, Set<String> types) {
}
