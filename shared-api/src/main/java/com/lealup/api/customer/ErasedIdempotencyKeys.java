package com.lealup.api.customer;

/**
 * The port through which the erasure of a customer ({@link CustomerErased}) empties the idempotent responses that
 * name it, which the http-api keeps in its own table: replayed, one would return the erased data. Idempotent; runs in
 * the erasure policy's transaction.
 */
public interface ErasedIdempotencyKeys {

    void erase(String workspaceId, String customerId);
}
