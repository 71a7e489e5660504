package com.lealup.write.health;

import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.api.projections.InPlaceReplays;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The health signal store on a test database, for tests of the health policies. */
public final class HealthSignalStores {

    private HealthSignalStores() {
    }

    /** The store of signals {@code replays} says are being rebuilt or not. */
    public static HealthSignalsPort on(JdbcClient jdbc, InPlaceReplays replays) {
        return new HealthSignalStore(jdbc, replays);
    }

    /** What rescoring does with the marks it was sent (besides scoring): clears those not marked again since. */
    public static void rescored(HealthSignalsPort store, RescoreMarkedCustomers command) {
        ((HealthSignalStore) store).clean(command.marks());
    }
}
