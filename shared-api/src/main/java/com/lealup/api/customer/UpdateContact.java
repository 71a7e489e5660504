package com.lealup.api.customer;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UpdateContact(@TargetAggregateIdentifier String customerId, String workspaceId, String contactId,
                            ContactFields changes, Set<String> cleared) {
}
