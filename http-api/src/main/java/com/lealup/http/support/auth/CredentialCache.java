package com.lealup.http.support.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.CredentialChanges;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.FindCredentialChanges;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Credentials by secret hash, asked of the query side and kept so that requests cost no database round trip.
 * Unknown tokens are remembered as well, so a flood of bad tokens does not reach the database.
 * <p>
 * Invalidation across nodes: every {@code lealup.auth.credential-changes-poll-interval} (default 100 ms) each
 * node asks for the credentials changed since the last change it saw ({@link FindCredentialChanges}, one
 * query) and evicts them; the writing node does the same at once ({@link #catchUp}) before it answers. The
 * change feed is written in the projection's transaction, so what is evicted is reloaded as changed. A load
 * in flight while its key is evicted finishes first and is then dropped (Caffeine's per-key atomicity), so no
 * stale answer survives an eviction. If a poll fails, nothing cached can be trusted: everything is dropped.
 * The TTL ({@code lealup.auth.credential-cache-ttl}, default 60 s) only bounds memory of idle tokens.
 */
@Component
class CredentialCache {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialCache.class);
    private static final long MAX_ENTRIES = 100_000;
    private static final long UNKNOWN = -1;

    private final QueryGateway queryGateway;
    private final Cache<String, Optional<Credential>> cache;
    private long lastChangeSeen = UNKNOWN;

    CredentialCache(QueryGateway queryGateway, @Value("${lealup.auth.credential-cache-ttl:60s}") Duration ttl) {
        this.queryGateway = queryGateway;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_ENTRIES).build();
    }

    /** The credential of this secret hash, revoked ones included. */
    Optional<Credential> find(String secretHash) {
        return cache.get(secretHash, hash -> queryGateway.query(new FindCredential(hash),
                ResponseTypes.optionalInstanceOf(Credential.class)).join());
    }

    void evict(String secretHash) {
        cache.invalidate(secretHash);
    }

    /** Evicts every credential changed since the last poll; the first poll only learns where the feed is. */
    @Scheduled(fixedDelayString = "${lealup.auth.credential-changes-poll-interval:100ms}")
    synchronized void catchUp() {
        try {
            CredentialChanges changes = queryGateway.query(new FindCredentialChanges(lastChangeSeen),
                    ResponseTypes.instanceOf(CredentialChanges.class)).join();
            if (lastChangeSeen == UNKNOWN) {
                // what was loaded before this node knew its place in the feed may be stale
                cache.invalidateAll();
            } else {
                cache.invalidateAll(changes.secretHashes());
            }
            lastChangeSeen = changes.version();
        } catch (RuntimeException e) {
            LOG.warn("Could not poll credential changes; dropping every cached credential", e);
            cache.invalidateAll();
            lastChangeSeen = UNKNOWN;
        }
    }
}
