package com.lealup.api.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * GDPR erasure ({@code DELETE /v1/customers/{id}?hard=true}, scope {@code admin:*}): the customer's data key is
 * destroyed, so every stored event of the customer reads its personal data as {@code "[erased]"}, and the read models,
 * the usage log and the stored idempotent responses forget the customer (docs/gdpr-erasure.md). Live or in the trash.
 */
public record EraseCustomer(@TargetAggregateIdentifier String customerId, String workspaceId) {
}
