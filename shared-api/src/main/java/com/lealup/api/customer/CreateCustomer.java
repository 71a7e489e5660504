package com.lealup.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code ownerEmail}, when given instead of {@code fields.ownerId}, names the owner by email. */
public record CreateCustomer(@TargetAggregateIdentifier String customerId, String workspaceId, CustomerFields fields,
                             String ownerEmail) {
}
