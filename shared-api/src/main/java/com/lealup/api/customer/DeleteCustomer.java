package com.lealup.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Soft delete: the customer goes to the trash, restorable for {@link CustomerLifecycle#TRASH_RETENTION}. */
public record DeleteCustomer(@TargetAggregateIdentifier String customerId, String workspaceId) {
}
