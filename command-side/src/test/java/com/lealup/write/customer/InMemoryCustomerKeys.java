package com.lealup.write.customer;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** {@link CustomerKeys} in memory, for the aggregate's tests and the event format's (app, through the test-jar). */
public class InMemoryCustomerKeys implements CustomerKeys {

    final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    final Set<String> destroyed = ConcurrentHashMap.newKeySet();
    /** The customers {@link #create} was asked for. */
    final Set<String> created = ConcurrentHashMap.newKeySet();
    /** Whether a command asked for its destroyed keys to be gone from every node before it answers. */
    volatile boolean awaitedEverywhere;

    @Override
    public Optional<SecretKey> forWriting(String customerId) {
        if (destroyed.contains(customerId)) {
            return Optional.empty();
        }
        return Optional.of(keys.computeIfAbsent(customerId, id -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return new SecretKeySpec(key, "AES");
        }));
    }

    @Override
    public void create(Collection<String> customerIds) {
        created.addAll(customerIds);
        customerIds.forEach(this::forWriting);
    }

    @Override
    public Optional<SecretKey> forReading(String customerId) {
        return Optional.ofNullable(keys.get(customerId));
    }

    @Override
    public boolean erased(String customerId) {
        return destroyed.contains(customerId);
    }

    @Override
    public void destroy(String customerId) {
        keys.remove(customerId);
        destroyed.add(customerId);
    }

    @Override
    public void awaitDestroyedEverywhere() {
        awaitedEverywhere = true;
    }
}
