package com.lealup.write.health;

import com.lealup.api.health.RescoreMarkedCustomers;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The health signal store on a test database, for tests of the health policies. */
public final class HealthSignalStores {

    private HealthSignalStores() {
    }

    public static HealthSignalsPort on(JdbcClient jdbc) {
        return new HealthSignalStore(jdbc);
    }

    /** What rescoring does with the marks it was sent (besides scoring): clears those not marked again since. */
    public static void rescored(HealthSignalsPort store, RescoreMarkedCustomers command) {
        ((HealthSignalStore) store).clean(command.marks());
    }
}
