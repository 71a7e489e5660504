package com.lealup.app.axon;

import com.lealup.write.customer.CustomerKeys;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** {@link CustomerKeys} in memory, for the event format's tests. */
class MemoryCustomerKeys implements CustomerKeys {

    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

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
    public Optional<SecretKey> forReading(String customerId) {
        return Optional.ofNullable(keys.get(customerId));
    }

    @Override
    public void destroy(String customerId) {
        keys.remove(customerId);
        destroyed.add(customerId);
    }
}
