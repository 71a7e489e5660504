package com.lealup.write.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import com.lealup.write.SecretBox;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The customers' data keys in the database, as two nodes sharing it see them. */
class JdbcCustomerKeysTest {

    private static final byte[] MASTER = new byte[32];

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final TestClock clock = TestClock.fixedAt(Instant.parse("2026-11-26T08:00:00Z"));

    private static final Duration TRUST = Duration.ofMillis(300);

    /** The nodes' monotonic clock, moved by hand. */
    private final AtomicLong ticker = new AtomicLong();

    /** A node of a database shared by several. */
    private JdbcCustomerKeys node() throws Exception {
        JdbcCustomerKeys keys = node(TRUST, false);
        keys.catchUp(); // learns where the feed of erasures is
        return keys;
    }

    private JdbcCustomerKeys node(Duration trust, boolean alone) throws Exception {
        Constructor<SecretBox> box = SecretBox.class.getDeclaredConstructor(byte[].class);
        box.setAccessible(true);
        return new JdbcCustomerKeys(jdbc, box.newInstance((Object) MASTER), clock, trust, alone, ticker::get);
    }

    @Test
    void aKeyIsCreatedOnceStoredWrappedAndReadTheSameByEveryNode() throws Exception {
        JdbcCustomerKeys a = node();
        JdbcCustomerKeys b = node();
        String customer = "cus_" + UUID.randomUUID();
        assertThat(b.forReading(customer)).as("no key before the first write").isEmpty();

        SecretKey key = a.forWriting(customer).orElseThrow();
        assertThat(a.forWriting(customer)).contains(key);
        assertThat(b.forReading(customer)).contains(key);
        byte[] stored = jdbc.sql("SELECT wrapped_key FROM customer_key WHERE customer_id = ?").param(customer)
                .query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(key.getEncoded(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void twoNodesWritingANewCustomerAtOnceBothUseTheKeyStoredFirst() throws Exception {
        JdbcCustomerKeys a = node();
        JdbcCustomerKeys b = node();
        String customer = "cus_" + UUID.randomUUID();
        SecretKey[] first = new SecretKey[1];
        AtomicReference<CompletableFuture<SecretKey>> second = new AtomicReference<>();

        transactions().executeWithoutResult(status -> {
            first[0] = a.forWriting(customer).orElseThrow();
            // b's insert waits on a's uncommitted row, then finds it taken
            second.set(CompletableFuture.supplyAsync(() -> b.forWriting(customer).orElseThrow()));
            sleepQuietly(300);
            assertThat(second.get()).as("waits for a's transaction").isNotDone();
        });

        assertThat(second.get().get(10, TimeUnit.SECONDS)).isEqualTo(first[0]);
        assertThat(node().forReading(customer)).contains(first[0]);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void keysCreatedTogetherServeTheWritesOfTheirTransactionAndEveryNodeOnceCommitted() throws Exception {
        JdbcCustomerKeys a = node();
        JdbcCustomerKeys b = node();
        String one = "cus_" + UUID.randomUUID();
        String two = "cus_" + UUID.randomUUID();
        String existing = "cus_" + UUID.randomUUID();
        SecretKey kept = a.forWriting(existing).orElseThrow();
        SecretKey[] made = new SecretKey[2];

        transactions().executeWithoutResult(status -> {
            a.create(List.of(one, two, existing));
            made[0] = a.forWriting(one).orElseThrow();
            made[1] = a.forWriting(two).orElseThrow();
            assertThat(a.forWriting(existing)).as("a customer with a key keeps it").contains(kept);
            assertThat(CompletableFuture.supplyAsync(() -> b.forReading(one)).join()).as("not before the commit")
                    .isEmpty();
        });

        assertThat(made[0]).isNotEqualTo(made[1]);
        assertThat(b.forReading(one)).contains(made[0]);
        assertThat(node().forReading(two)).contains(made[1]);
        assertThat(a.forWriting(one)).contains(made[0]);
    }

    @Test
    void keysCreatedInATransactionThatRollsBackAreNeitherStoredNorRemembered() throws Exception {
        JdbcCustomerKeys a = node();
        String customer = "cus_" + UUID.randomUUID();

        transactions().executeWithoutResult(status -> {
            a.create(List.of(customer));
            assertThat(a.forWriting(customer)).isPresent();
            status.setRollbackOnly();
        });

        assertThat(a.forReading(customer)).isEmpty();
        assertThat(node().forReading(customer)).isEmpty();
    }

    @Test
    void anErasureIsFinalOnItsNodeAtOnceAndOnTheOthersAtTheirNextPoll() throws Exception {
        JdbcCustomerKeys a = node();
        JdbcCustomerKeys b = node();
        String customer = "cus_" + UUID.randomUUID();
        a.forWriting(customer);
        assertThat(b.forReading(customer)).isPresent(); // cached by the other node
        assertThat(a.erased(customer)).isFalse();
        assertThat(a.erased("cus_" + UUID.randomUUID())).as("a customer without a key is not erased").isFalse();

        a.destroy(customer);

        assertThat(a.forReading(customer)).isEmpty();
        assertThat(a.erased(customer)).isTrue();
        assertThat(node().erased(customer)).isTrue();
        assertThat(a.forWriting(customer)).as("never created again").isEmpty();
        assertThat(b.forReading(customer)).as("until its poll, the other node has it cached").isPresent();
        b.catchUp();
        assertThat(b.forReading(customer)).isEmpty();
        assertThat(node().forReading(customer)).isEmpty();
        assertThat(jdbc.sql("SELECT wrapped_key IS NULL FROM customer_key WHERE customer_id = ?").param(customer)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aNodeWhosePollsStopReadsKeysAfreshOnceItsLastPollIsOlderThanTheBound() throws Exception {
        JdbcCustomerKeys a = node();
        JdbcCustomerKeys b = node();
        String customer = "cus_" + UUID.randomUUID();
        a.forWriting(customer);
        assertThat(b.forReading(customer)).isPresent();

        a.destroy(customer);
        ticker.addAndGet(TRUST.toNanos() - 1);
        assertThat(b.forReading(customer)).as("within the bound of its last poll, its cache holds").isPresent();
        ticker.addAndGet(1);
        assertThat(b.forReading(customer)).as("past it, without a poll since").isEmpty();
        assertThat(b.erased(customer)).isTrue();
    }

    @Test
    void anErasureOnASharedDatabaseAnswersOnceEveryNodeHasPolledPastItOrStoppedTrustingItsCache() throws Exception {
        JdbcCustomerKeys a = node();
        String customer = "cus_" + UUID.randomUUID();
        a.forWriting(customer);

        long started = System.nanoTime();
        transactions().executeWithoutResult(status -> {
            a.destroy(customer);
            a.awaitDestroyedEverywhere();
        });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(TRUST);
    }

    @Test
    void aNodeAloneOnItsDatabaseTrustsItsCacheAndAnswersAnErasureAtOnce() throws Exception {
        JdbcCustomerKeys alone = node(Duration.ofDays(1), true);
        String customer = "cus_" + UUID.randomUUID();
        alone.forWriting(customer);
        jdbc.sql("UPDATE customer_key SET wrapped_key = 'not a key' WHERE customer_id = ?").param(customer).update();
        assertThat(alone.forReading(customer)).as("read from its cache, never polled").isPresent();

        assertThat(CompletableFuture.runAsync(() -> transactions().executeWithoutResult(status -> {
            alone.destroy(customer);
            alone.awaitDestroyedEverywhere();
        })).get(10, TimeUnit.SECONDS)).isNull();
        assertThat(alone.erased(customer)).isTrue();
    }

    private static TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource()));
    }

    @Test
    void aCustomerWithoutAKeyCanBeErased() throws Exception {
        JdbcCustomerKeys a = node();
        String customer = "cus_" + UUID.randomUUID();
        a.destroy(customer);
        assertThat(a.forWriting(customer)).isEmpty();
        assertThat(a.erased(customer)).isTrue();
    }
}
