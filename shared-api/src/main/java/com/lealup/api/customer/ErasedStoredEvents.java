package com.lealup.api.customer;

import java.util.Set;

/**
 * The port through which the erasure of a customer ({@link CustomerErased}) overwrites the personal values that a
 * destroyed key cannot shred, as they are stored in clear: in the events the app's event store keeps and in its dead
 * letters (docs/gdpr-erasure.md). This is the one sanctioned rewrite of stored events. Idempotent; runs in the
 * erasure policy's transaction.
 */
public interface ErasedStoredEvents {

    /** {@code importJobs}: the bulk-import jobs known to hold rows that name the customer. */
    void erase(String customerId, Set<String> importJobs);
}
