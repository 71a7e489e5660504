package com.lealup.api.customer;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A partial update of a contact; {@code expectedVersion} (from If-Match) is the customer's version the client read,
 * null when it sent none: contacts live in the Customer aggregate and answer its version as their ETag.
 */
public record UpdateContact(@TargetAggregateIdentifier String customerId, String workspaceId, Long expectedVersion,
                            String contactId, ContactFields changes, Set<String> cleared) {
}
