package com.lealup.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveContact(@TargetAggregateIdentifier String customerId, String workspaceId, String contactId) {
}
