package com.lealup.write.customer;

import com.lealup.write.SecretBox;
import java.sql.Timestamp;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link CustomerKeys} in {@code customer_key}, each key wrapped by the master key ({@link SecretBox}), the unwrapped
 * ones cached (bounded, per node) so that encrypting or decrypting an event costs no round trip.
 * <p>
 * An erased key is cached as erased (an erasure is final). A key is cached only once it is committed: one created in
 * a transaction that rolls back is never remembered. Other nodes learn of an erasure from the feed of erasures
 * ({@code customer_key.erasure}, numbered in commit order by the counter row) which {@link #catchUp} polls; a load
 * that raced an eviction is not kept ({@link #evictions}). If a poll fails, every cached key is dropped.
 * <p>
 * A cached key is used only within {@link #trust} of the start of this node's last completed poll, which dropped
 * every key erased before it started; past that (its polls fail, hang or wait for a busy scheduler) the node reads
 * keys afresh. So on a database shared by several nodes an erasure a client waits for answers once that bound has
 * passed since its commit ({@link #awaitDestroyedEverywhere}): by then no node can open the customer's values from its
 * cache. Only durations count, each on its node's monotonic clock, so the nodes' wall clocks need not agree. An erased
 * key is final and always trusted; alone on its embedded database a node trusts its whole cache, since every erasure
 * is its own.
 */
@Component
class JdbcCustomerKeys implements CustomerKeys {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCustomerKeys.class);
    private static final int MAX_CACHED = 50_000;
    private static final int KEY_BYTES = 32;
    private static final int POLLS_BEFORE_UNTRUSTED = 5;
    /** An erased customer in the cache. */
    private static final SecretKey ERASED = new SecretKeySpec(new byte[1], "NONE");

    private final JdbcClient jdbc;
    private final SecretBox masterKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SecretKey> eldest) {
            return size() > MAX_CACHED;
        }
    };
    /** Counts evictions, so that a load running meanwhile does not cache what it read before one. */
    private final AtomicLong evictions = new AtomicLong();
    private long lastErasureSeen = -1;
    private final Duration trust;
    /** Alone on its embedded database, no other node holds a key: an erasure has no one to wait for. */
    private final boolean alone;
    private final LongSupplier ticker;
    /** The ticker's reading at the start of the last completed poll; none before the first. */
    private volatile OptionalLong lastPollStarted = OptionalLong.empty();

    @Autowired
    JdbcCustomerKeys(JdbcClient jdbc, SecretBox masterKey, Clock clock,
                     @Value("${lealup.gdpr.key-erasures-poll-interval:200ms}") Duration pollInterval,
                     @Value("${lealup.db.url:}") String externalDatabase) {
        this(jdbc, masterKey, clock, pollInterval.multipliedBy(POLLS_BEFORE_UNTRUSTED), externalDatabase.isBlank(),
                System::nanoTime);
    }

    JdbcCustomerKeys(JdbcClient jdbc, SecretBox masterKey, Clock clock, Duration trust, boolean alone,
                     LongSupplier ticker) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
        this.clock = clock;
        this.trust = trust;
        this.alone = alone;
        this.ticker = ticker;
    }

    @Override
    public Optional<SecretKey> forWriting(String customerId) {
        SecretKey cached = cached(customerId);
        if (cached == null) {
            cached = createdInThisTransaction().get(customerId);
        }
        if (cached != null) {
            return present(cached);
        }
        long evictionsBefore = evictions.get();
        Optional<SecretKey> stored = load(customerId);
        if (stored.isEmpty()) {
            byte[] fresh = new byte[KEY_BYTES];
            random.nextBytes(fresh);
            boolean inserted = jdbc.sql("""
                            INSERT INTO customer_key (customer_id, wrapped_key, created_at) VALUES (?, ?, ?)
                            ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id""")
                    .params(customerId, masterKey.encrypt(Base64.getEncoder().encodeToString(fresh), context(customerId)),
                            Timestamp.from(clock.instant()))
                    .query(String.class).optional().isPresent();
            // the key is ours unless a concurrent write stored one first, which is then the customer's
            stored = inserted ? Optional.of(new SecretKeySpec(fresh, "AES")) : load(customerId);
        }
        SecretKey key = stored.orElseThrow();
        afterCommit(() -> remember(customerId, key, evictionsBefore));
        return present(key);
    }

    @Override
    public void create(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        long evictionsBefore = evictions.get();
        Map<String, SecretKey> fresh = new HashMap<>();
        List<byte[]> wrapped = new ArrayList<>();
        for (String customerId : customerIds) {
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            fresh.put(customerId, new SecretKeySpec(key, "AES"));
            wrapped.add(masterKey.encrypt(Base64.getEncoder().encodeToString(key), context(customerId)));
        }
        List<String> created = jdbc.sql("""
                        INSERT INTO customer_key (customer_id, wrapped_key, created_at)
                        SELECT customer_id, wrapped_key, ? FROM unnest(?::text[], ?::bytea[]) AS k (customer_id, wrapped_key)
                        ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id""")
                .params(Timestamp.from(clock.instant()), customerIds.toArray(String[]::new),
                        wrapped.toArray(byte[][]::new))
                .query(String.class).list();
        Map<String, SecretKey> ours = new HashMap<>();
        created.forEach(customerId -> ours.put(customerId, fresh.get(customerId)));
        createdInThisTransaction().putAll(ours);
        afterCommit(() -> ours.forEach((customerId, key) -> remember(customerId, key, evictionsBefore)));
    }

    @Override
    public Optional<SecretKey> forReading(String customerId) {
        return stored(customerId).flatMap(JdbcCustomerKeys::present);
    }

    @Override
    public boolean erased(String customerId) {
        return stored(customerId).filter(key -> key == ERASED).isPresent();
    }

    /** The cached or stored key, {@link #ERASED} for an erased customer; empty when there is none. */
    private Optional<SecretKey> stored(String customerId) {
        SecretKey cached = cached(customerId);
        if (cached != null) {
            return Optional.of(cached);
        }
        long evictionsBefore = evictions.get();
        Optional<SecretKey> stored = load(customerId);
        // a missing key is not remembered: it may be created by the next write
        stored.ifPresent(key -> remember(customerId, key, evictionsBefore));
        return stored;
    }

    @Override
    public void destroy(String customerId) {
        long erasure = jdbc.sql("UPDATE customer_key_erasure_counter SET erasure = erasure + 1 WHERE id = 1 RETURNING erasure")
                .query(Long.class).single();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        INSERT INTO customer_key (customer_id, wrapped_key, created_at, erased_at, erasure)
                        VALUES (?, NULL, ?, ?, ?)
                        ON CONFLICT (customer_id) DO UPDATE
                        SET wrapped_key = NULL, erased_at = EXCLUDED.erased_at, erasure = EXCLUDED.erasure""")
                .params(customerId, now, now, erasure)
                .update();
        evict(customerId);
        createdInThisTransaction().remove(customerId);
        afterCommit(() -> evict(customerId));
    }

    /** Past {@link #trust} after the commit, every other node has polled past it or stopped trusting its cache. */
    @Override
    public void awaitDestroyedEverywhere() {
        if (!alone) {
            afterCommit(() -> {
                try {
                    Thread.sleep(trust.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /** Drops the keys erased (on any node) since the last poll; the first poll only learns where the feed is. */
    @Scheduled(fixedDelayString = "${lealup.gdpr.key-erasures-poll-interval:200ms}")
    synchronized void catchUp() {
        long started = ticker.getAsLong();
        try {
            if (lastErasureSeen < 0) {
                lastErasureSeen = jdbc.sql("SELECT erasure FROM customer_key_erasure_counter WHERE id = 1")
                        .query(Long.class).single();
                dropEverything();
            } else {
                List<Map<String, Object>> erased = jdbc.sql("""
                                SELECT customer_id, erasure FROM customer_key WHERE erasure > ? ORDER BY erasure""")
                        .param(lastErasureSeen).query().listOfRows();
                for (Map<String, Object> row : erased) {
                    evict((String) row.get("customer_id"));
                    lastErasureSeen = ((Number) row.get("erasure")).longValue();
                }
            }
            lastPollStarted = OptionalLong.of(started);
        } catch (RuntimeException e) {
            LOG.warn("Could not poll the erased customer keys; dropping every cached key", e);
            dropEverything();
            lastErasureSeen = -1;
        }
    }

    /** The stored key, {@link #ERASED} for an erased customer; empty when there is none. */
    private Optional<SecretKey> load(String customerId) {
        return jdbc.sql("SELECT wrapped_key FROM customer_key WHERE customer_id = ?").param(customerId)
                .query((rs, n) -> {
                    byte[] wrapped = rs.getBytes(1);
                    return wrapped == null ? ERASED : (SecretKey) new SecretKeySpec(
                            Base64.getDecoder().decode(masterKey.decrypt(wrapped, context(customerId))), "AES");
                })
                .optional();
    }

    /** The cached key, if this node may still trust it; an erased one always. */
    private SecretKey cached(String customerId) {
        SecretKey key;
        synchronized (cache) {
            key = cache.get(customerId);
        }
        return key == ERASED || alone || trusted() ? key : null;
    }

    private boolean trusted() {
        OptionalLong started = lastPollStarted;
        return started.isPresent() && ticker.getAsLong() - started.getAsLong() < trust.toNanos();
    }

    private void remember(String customerId, SecretKey key, long evictionsBefore) {
        synchronized (cache) {
            if (evictions.get() == evictionsBefore) {
                cache.put(customerId, key);
            }
        }
    }

    private void evict(String customerId) {
        synchronized (cache) {
            evictions.incrementAndGet();
            cache.remove(customerId);
        }
    }

    private void dropEverything() {
        synchronized (cache) {
            evictions.incrementAndGet();
            cache.clear();
        }
    }

    private static Optional<SecretKey> present(SecretKey key) {
        return key == ERASED ? Optional.empty() : Optional.of(key);
    }

    /** The wrapped key is bound to its customer: a wrapped key moved to another row does not unwrap. */
    private static String context(String customerId) {
        return "customer_key/" + customerId;
    }

    /**
     * The keys {@link #create} made in the current transaction, known to its writes before the commit caches them
     * (gone with the transaction, so a rolled-back key is never used); none outside a transaction.
     */
    private Map<String, SecretKey> createdInThisTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new HashMap<>();
        }
        @SuppressWarnings("unchecked")
        Map<String, SecretKey> created = (Map<String, SecretKey>) TransactionSynchronizationManager.getResource(this);
        if (created == null) {
            Map<String, SecretKey> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcCustomerKeys.this);
                }
            });
            created = fresh;
        }
        return created;
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
