package com.lealup.http.support.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.lealup.api.Actor;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.CredentialChanges;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.FindCredentialChanges;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Rights;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Credentials by secret hash, asked of the query side and kept so that requests cost no database round trip, each
 * with the {@link Caller} it authenticates as (its effective rights worked out once per load, not per request: a
 * change of the key or of its user's role or state reloads it like any change of the credential). Every lookup is
 * counted ({@code lealup.auth.credential.lookups}).
 * <p>
 * Unknown tokens are remembered apart, in a cache of their own size, so that a flood of random tokens costs one
 * lookup per token and never pushes out the credentials in use. A remembered unknown token must never hide a key
 * issued later with that secret (the bootstrap key, whose secret is configured before it exists; a key issued on
 * another node): it is dropped with everything else the change feed names (every issued key is in it), when
 * this node issues the key ({@link #evict}), when the feed cannot be trusted, and after at most {@value
 * #UNKNOWN_TTL_SECONDS} s in any case.
 * <p>
 * Invalidation across nodes: every {@code lealup.auth.credential-changes-poll-interval} (default 100 ms) each
 * node asks for the credentials changed since the last change it saw ({@link FindCredentialChanges}, one
 * query), evicts them and records how far it got ({@link CredentialCacheNodes}); the writing node does the same at
 * once ({@link #catchUp}), and its write answers once every node has recorded that it got as far
 * ({@link IdentityCommands}). The change feed is written in the projection's transaction, so what is evicted is
 * reloaded as changed. A load in flight while its key is evicted finishes first and is then dropped (Caffeine's
 * per-key atomicity), so no stale answer survives an eviction. If a poll fails, or the read model was replaced by a
 * replay since the last poll, nothing cached can be trusted: everything is dropped. A node whose polls stop being
 * recorded (they fail, or hang) is no longer waited for once its record is {@linkplain CredentialCacheNodes#staleAfter
 * stale}, so from that bound after the start of its last recorded poll it reads every credential afresh.
 * The TTL ({@code lealup.auth.credential-cache-ttl}, default 60 s) only bounds memory of idle tokens.
 */
@Component
class CredentialCache {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialCache.class);
    private static final long MAX_ENTRIES = 100_000;
    // about 250 bytes each
    private static final long MAX_UNKNOWN = 20_000;
    private static final long UNKNOWN_TTL_SECONDS = 10;
    private static final long UNKNOWN = -1;

    private final QueryGateway queryGateway;
    private final CredentialCacheNodes nodes;
    private final Ticker ticker;
    private final Cache<String, Known> known;
    private final Cache<String, Boolean> unknown;
    private final Counter lookups;
    private long lastChangeSeen = UNKNOWN;
    /** Counts the times everything was dropped, so that a lookup running meanwhile does not remember its answer. */
    private volatile long generation;
    /** The {@link #ticker} time until which the other nodes wait for this node's polls: its cache is trusted before. */
    private volatile long trustedUntil;

    @Autowired
    CredentialCache(QueryGateway queryGateway, CredentialCacheNodes nodes, MeterRegistry meters,
                    @Value("${lealup.auth.credential-cache-ttl:60s}") Duration ttl) {
        this(queryGateway, nodes, meters, ttl, Ticker.systemTicker());
    }

    CredentialCache(QueryGateway queryGateway, CredentialCacheNodes nodes, MeterRegistry meters, Duration ttl,
                    Ticker ticker) {
        this.queryGateway = queryGateway;
        this.nodes = nodes;
        this.ticker = ticker;
        this.trustedUntil = ticker.read();
        this.known = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_ENTRIES).build();
        this.unknown = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(UNKNOWN_TTL_SECONDS))
                .maximumSize(MAX_UNKNOWN).build();
        this.lookups = Counter.builder("lealup.auth.credential.lookups")
                .description("Credentials looked up in the read model (cache misses)").register(meters);
    }

    /**
     * The caller a token of this secret hash authenticates as; empty when no key has that secret, or its key is not
     * {@linkplain Credential#valid() valid} (revoked, or bound to a deactivated user).
     */
    Optional<Caller> caller(String secretHash) {
        if (ticker.read() - trustedUntil >= 0) {
            // no change since the last recorded poll is known to be evicted, and no one waits for this node
            return lookUp(secretHash).map(Known::of).map(Known::caller);
        }
        if (unknown.getIfPresent(secretHash) != null) {
            return Optional.empty();
        }
        Known found = known.get(secretHash, this::load);
        return found == null ? Optional.empty() : Optional.ofNullable(found.caller());
    }

    /** A credential as loaded, with its caller (null when the credential is not valid). */
    private record Known(Credential credential, Caller caller) {

        static Known of(Credential credential) {
            if (!credential.valid()) {
                return new Known(credential, null);
            }
            // a key bound to a user acts as that user, in the user's current role
            boolean asUser = credential.user() != null;
            return new Known(credential, new Caller(credential.workspace().id(), credential.workspace().tier(),
                    asUser ? Actor.USER : Actor.API_KEY, asUser ? credential.user().id() : credential.key().id(),
                    credential.role(), Rights.effective(credential.role(), credential.key().scopes())));
        }
    }

    /**
     * Runs in the known cache's computation of this hash, so concurrent requests with one token wait for one
     * lookup; an unknown token is remembered before the computation ends, so the next one in line finds it.
     */
    private Known load(String secretHash) {
        if (unknown.getIfPresent(secretHash) != null) {
            return null;
        }
        long generationBefore = generation;
        Optional<Credential> found = lookUp(secretHash);
        if (found.isEmpty()) {
            unknown.put(secretHash, Boolean.TRUE);
            // checked after the put: a drop of everything either ran after it (and removed it) or shows here
            if (generation != generationBefore) {
                unknown.invalidate(secretHash);
            }
        }
        return found.map(Known::of).orElse(null);
    }

    private Optional<Credential> lookUp(String secretHash) {
        lookups.increment();
        return queryGateway.query(new FindCredential(secretHash), ResponseTypes.optionalInstanceOf(Credential.class))
                .join();
    }

    void evict(String secretHash) {
        // known first: it waits for a load in flight, which may still remember the hash as unknown
        known.invalidate(secretHash);
        unknown.invalidate(secretHash);
    }

    /**
     * Evicts every credential changed since the last poll (the first poll only learns where the feed is), and records
     * how far this node got. Answers that place in the feed; {@value #UNKNOWN} when the poll failed.
     */
    @Scheduled(fixedDelayString = "${lealup.auth.credential-changes-poll-interval:100ms}")
    synchronized long catchUp() {
        long started = ticker.read();
        try {
            CredentialChanges changes = queryGateway.query(new FindCredentialChanges(lastChangeSeen),
                    ResponseTypes.instanceOf(CredentialChanges.class)).join();
            if (lastChangeSeen == UNKNOWN || changes.everything()) {
                // what was loaded before this node knew its place in the feed, or before the read model was
                // replaced as a whole (a replay swapped in), may be stale
                dropEverything();
            } else {
                known.invalidateAll(changes.secretHashes());
                unknown.invalidateAll(changes.secretHashes());
            }
            lastChangeSeen = changes.version();
        } catch (RuntimeException e) {
            LOG.warn("Could not poll credential changes; dropping every cached credential", e);
            dropEverything();
            lastChangeSeen = UNKNOWN;
            return UNKNOWN;
        }
        try {
            nodes.applied(lastChangeSeen);
            trustedUntil = started + nodes.staleAfter().toNanos();
        } catch (RuntimeException e) {
            LOG.warn("Could not record this node's place in the credential change feed; its cache will be bypassed "
                    + "once its last record is stale", e);
        }
        return lastChangeSeen;
    }

    private void dropEverything() {
        generation++;
        known.invalidateAll();
        unknown.invalidateAll();
    }
}
