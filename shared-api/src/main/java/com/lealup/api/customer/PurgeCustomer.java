package com.lealup.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the trash purge policy once a deleted customer has spent its retention in the trash. */
public record PurgeCustomer(@TargetAggregateIdentifier String customerId, String workspaceId) {
}
