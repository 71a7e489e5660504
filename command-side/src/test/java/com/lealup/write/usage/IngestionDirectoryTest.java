package com.lealup.write.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestDatabase;
import com.lealup.write.customer.ErasureLock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Which customers an ingestion finds, on the real claims. */
class IngestionDirectoryTest {

    private static final String WS = "wsp_directory_test";

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final IngestionDirectory directory = new IngestionDirectory(jdbc);
    private final TransactionTemplate transactions =
            new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource()));

    /**
     * A lookup during an erasure of one of its customers waits for the erasure's commit and then finds the customer
     * gone: its usage is never recorded after the erasure's event (which would bring the health signals back).
     */
    @Test
    void aLookupWaitsForAnErasureUnderWayAndFindsItsCustomerGone() throws Exception {
        jdbc.sql("INSERT INTO customer_email_domain_claim (workspace_id, email_domain, customer_id) VALUES (?, ?, ?)")
                .params(WS, "erased.example", "cus_directory_erased").update();
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> erasure = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(s -> {
            ErasureLock.holdAlone(jdbc, WS);
            jdbc.sql("DELETE FROM customer_email_domain_claim WHERE workspace_id = ? AND customer_id = ?")
                    .params(WS, "cus_directory_erased").update();
            released.countDown();
            await(commit);
        }));
        await(released);

        CompletableFuture<IngestionDirectory.Customers> lookup = CompletableFuture.supplyAsync(() ->
                transactions.execute(s -> directory.customers(WS, List.of("cus_directory_erased"),
                        List.of("erased.example"))));
        Thread.sleep(300);
        assertThat(lookup).as("the lookup waits for the erasure").isNotDone();

        commit.countDown();
        erasure.get(10, TimeUnit.SECONDS);
        IngestionDirectory.Customers found = lookup.get(10, TimeUnit.SECONDS);
        assertThat(found.ids()).isEmpty();
        assertThat(found.byDomain()).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
