package com.lealup.api.customer;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A partial update; {@code expectedVersion} (from If-Match) is null when the client sent none;
 * {@code ownerEmail} names a new owner by email.
 */
public record UpdateCustomer(@TargetAggregateIdentifier String customerId, String workspaceId, Long expectedVersion,
                             CustomerFields changes, Set<String> cleared, String ownerEmail) {
}
