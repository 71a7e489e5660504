package com.lealup.write.customer;

import com.lealup.testing.TestDatabase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An erasure under way, as the tests of the writes that share the {@link ErasureLock} need one: it holds the
 * workspace's lock alone and has released its customer's email-domain claim, and commits when told.
 */
public final class ErasureUnderWay implements AutoCloseable {

    private static final JdbcClient JDBC = TestDatabase.jdbc();
    private static final TransactionTemplate TRANSACTIONS =
            new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource()));

    private final CountDownLatch commit = new CountDownLatch(1);
    private final CompletableFuture<Void> erasure;

    private ErasureUnderWay(String workspaceId, String customerId) throws InterruptedException {
        CountDownLatch released = new CountDownLatch(1);
        erasure = CompletableFuture.runAsync(() -> TRANSACTIONS.executeWithoutResult(status -> {
            ErasureLock.holdAlone(JDBC, workspaceId);
            JDBC.sql("DELETE FROM customer_email_domain_claim WHERE workspace_id = ? AND customer_id = ?")
                    .params(workspaceId, customerId).update();
            released.countDown();
            try {
                commit.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        if (!released.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the erasure did not take its lock");
        }
    }

    /** A customer claiming {@code emailDomain}, whose erasure has begun when this returns. */
    public static ErasureUnderWay of(String workspaceId, String customerId, String emailDomain) throws Exception {
        JDBC.sql("INSERT INTO customer_email_domain_claim (workspace_id, email_domain, customer_id) VALUES (?, ?, ?)")
                .params(workspaceId, emailDomain, customerId).update();
        return new ErasureUnderWay(workspaceId, customerId);
    }

    /** {@code work} in a transaction of its own, begun now on another thread. */
    public static <T> CompletableFuture<T> inTransaction(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> TRANSACTIONS.execute(status -> work.get()));
    }

    /** Commits the erasure. */
    public void commit() throws Exception {
        commit.countDown();
        erasure.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        commit.countDown();
    }
}
