package com.lealup.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddContact(@TargetAggregateIdentifier String customerId, String workspaceId, String contactId,
                         ContactFields fields) {
}
