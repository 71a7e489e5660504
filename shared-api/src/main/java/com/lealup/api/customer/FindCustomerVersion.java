package com.lealup.api.customer;

/**
 * The version of a customer as the customers read model has it (deleted or not; 0 when unknown): the
 * API subscribes to it to answer a write only once the read model shows it.
 */
public record FindCustomerVersion(String customerId) {
}
