package com.lealup.write.customer;

/**
 * Whether a customer was erased, for the policies that must not act on one after its erasure (the playbook engine).
 * Implemented by the customers' data keys ({@link CustomerKeys}): an erased customer's key is destroyed.
 */
public interface ErasedCustomersPort {

    /** Whether the customer was erased: its key is destroyed, and nothing more may be done about it. */
    boolean erased(String customerId);
}
