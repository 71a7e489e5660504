package com.lealup.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RestoreCustomer(@TargetAggregateIdentifier String customerId, String workspaceId) {
}
