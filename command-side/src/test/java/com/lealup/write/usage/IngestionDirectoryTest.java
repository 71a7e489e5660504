package com.lealup.write.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestDatabase;
import com.lealup.write.customer.ErasureUnderWay;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which customers an ingestion finds, on the real claims. */
class IngestionDirectoryTest {

    private static final String WS = "wsp_directory_test";

    private final IngestionDirectory directory = new IngestionDirectory(TestDatabase.jdbc());

    /**
     * A lookup during an erasure of one of its customers waits for the erasure's commit and then finds the customer
     * gone: its usage is never recorded after the erasure's event (which would bring the health signals back).
     */
    @Test
    void aLookupWaitsForAnErasureUnderWayAndFindsItsCustomerGone() throws Exception {
        try (ErasureUnderWay erasure = ErasureUnderWay.of(WS, "cus_directory_erased", "erased.example")) {
            CompletableFuture<IngestionDirectory.Customers> lookup = ErasureUnderWay.inTransaction(() ->
                    directory.customers(WS, List.of("cus_directory_erased"), List.of("erased.example")));
            Thread.sleep(300);
            assertThat(lookup).as("the lookup waits for the erasure").isNotDone();

            erasure.commit();
            IngestionDirectory.Customers found = lookup.get(10, TimeUnit.SECONDS);
            assertThat(found.ids()).isEmpty();
            assertThat(found.byDomain()).isEmpty();
        }
    }
}
