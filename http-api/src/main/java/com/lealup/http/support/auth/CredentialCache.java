package com.lealup.http.support.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.FindCredential;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Credentials by secret hash, asked of the query side and kept for {@link #TTL} so that most requests cost no
 * database round trip. Unknown tokens are remembered as well, so a flood of bad tokens does not reach the
 * database. Bound: a revocation made on this node is effective at once ({@link #evict}); one made on another
 * node is effective here within {@link #TTL} (2 s). Cross-node invalidation is not done yet.
 */
@Component
public class CredentialCache {

    public static final Duration TTL = Duration.ofSeconds(2);
    private static final long MAX_ENTRIES = 100_000;

    private final QueryGateway queryGateway;
    private final Cache<String, Optional<Credential>> cache = Caffeine.newBuilder()
            .expireAfterWrite(TTL)
            .maximumSize(MAX_ENTRIES)
            .build();

    public CredentialCache(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    /** The credential of this secret hash, revoked ones included. */
    public Optional<Credential> find(String secretHash) {
        return cache.get(secretHash, hash -> queryGateway.query(new FindCredential(hash),
                ResponseTypes.optionalInstanceOf(Credential.class)).join());
    }

    public void evict(String secretHash) {
        cache.invalidate(secretHash);
    }
}
