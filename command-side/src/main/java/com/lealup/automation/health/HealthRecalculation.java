package com.lealup.automation.health;

import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.write.health.HealthSignalStore;
import com.lealup.write.health.HealthSignalStore.DirtyCustomer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rescoring in the background, on a timer with the injected clock: every sweep rescores the customers marked since
 * the last one (the debounce: all the batches of a customer between two sweeps cost one recalculation), and once
 * per UTC day marks every customer first (engagement and the activity windows move with time alone).
 */
@Component
public class HealthRecalculation {

    private static final Logger log = LoggerFactory.getLogger(HealthRecalculation.class);
    private static final int SWEEP_BATCH = 1000;

    private final HealthSignalStore store;
    private final CommandGateway commandGateway;
    private final Clock clock;

    HealthRecalculation(HealthSignalStore store, CommandGateway commandGateway, Clock clock) {
        this.store = store;
        this.commandGateway = commandGateway;
        this.clock = clock;
    }

    /** Rescores every marked customer; answers how many were rescored. */
    @Scheduled(fixedDelayString = "${lealup.health.sweep-interval:PT1S}", initialDelayString = "${lealup.health.sweep-interval:PT1S}")
    public int sweep() {
        store.runDailyIfDue(LocalDate.now(clock));
        int rescored = 0;
        List<DirtyCustomer> due;
        do {
            due = store.dirty(SWEEP_BATCH);
            for (DirtyCustomer customer : due) {
                try {
                    commandGateway.sendAndWait(new RecalculateHealth(customer.customerId(), customer.workspaceId()),
                            MetaData.with(MetadataKeys.WORKSPACE_ID, customer.workspaceId())
                                    .and(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                                    .and(MetadataKeys.ACTOR_ID, "health-recalculation")
                                    .and(MetadataKeys.TRACE_ID, Ids.ulid()));
                    rescored++;
                } catch (RuntimeException e) {
                    // e.g. purged meanwhile: its events will remove the mark
                    log.info("Health of customer {} not recalculated: {}", customer.customerId(), e.getMessage());
                }
                store.clean(customer);
            }
        } while (due.size() == SWEEP_BATCH);
        return rescored;
    }
}
