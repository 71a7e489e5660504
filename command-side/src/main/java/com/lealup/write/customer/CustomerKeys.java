package com.lealup.write.customer;

import java.util.Collection;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The customers' data keys (AES-256), kept outside the event store: the event format encrypts a customer's
 * {@code @PersonalData} with its key, and erasing the customer destroys the key (docs/gdpr-erasure.md). Public for the
 * event format ({@code app/axon}).
 */
public interface CustomerKeys extends ErasedCustomersPort {

    /** The key of the customer's new events, created on first use (in the caller's transaction); empty once erased. */
    Optional<SecretKey> forWriting(String customerId);

    /**
     * Creates in one statement the keys of new customers whose first events the caller's transaction is about to
     * write (a create, an import's chunk), so that their {@link #forWriting} costs no round trip (two without: the
     * lookup that finds no key, then the insert). A customer that has a key keeps it.
     */
    void create(Collection<String> customerIds);

    /** The key that reads the customer's events; empty once erased (or if it never existed). */
    Optional<SecretKey> forReading(String customerId);

    /**
     * Destroys the customer's key in the caller's transaction. This node forgets it when the transaction commits, the
     * other nodes sharing the database soon after ({@link #awaitDestroyedEverywhere}).
     */
    void destroy(String customerId);

    /**
     * Makes the caller's transaction, once committed, return only when no node can still use from its cache a key
     * that {@link #destroy} destroyed in it: for an erasure whose answer promises that (docs/gdpr-erasure.md), not for
     * the trash purge, which answers no one and would only be slowed.
     */
    void awaitDestroyedEverywhere();
}
