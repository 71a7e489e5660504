package com.lealup.api.customer;

/**
 * The answer to {@link FindCustomerAsOf}: the customer as it was ({@code then}, its {@code version} that of then) and
 * its version now, which any later change of the customer moves, its erasure included: the validator of the past's
 * representation, which can change only with the customer.
 */
public record CustomerAsOf(CustomerView then, long versionNow) {
}
