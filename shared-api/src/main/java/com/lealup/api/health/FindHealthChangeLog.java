package com.lealup.api.health;

/**
 * A customer's changes of score, oldest first, for its history (docs/customers.md, "History"): the published scores
 * whose score or status differs from the one before (not those that moved only the breakdown) with a calculation
 * number above {@code afterCalculation} (0: from the first), at most {@code limit}. Answers a
 * {@link HealthChangeLog}; another workspace's customer has none.
 */
public record FindHealthChangeLog(String workspaceId, String customerId, long afterCalculation, int limit) {
}
