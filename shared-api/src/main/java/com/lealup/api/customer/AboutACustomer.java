package com.lealup.api.customer;

/**
 * An event about one customer, whichever aggregate publishes it (a score, a task's events, a playbook run, the end of
 * the customer): a processor that keeps a customer's state takes it in the customer's sequence
 * ({@code SequencedByCustomer}). Marks the record's own {@code customer_id}; the stored form does not change.
 */
public interface AboutACustomer {

    String customerId();
}
