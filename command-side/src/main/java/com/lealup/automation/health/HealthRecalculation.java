package com.lealup.automation.health;

import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.api.health.RescoreMarkedCustomers.Mark;
import com.lealup.automation.SystemCommands;
import com.lealup.write.health.HealthSignalsPort;
import com.lealup.write.health.HealthSignalsPort.DirtyCustomer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rescoring in the background, on a timer with the injected clock: every sweep rescores the customers marked since
 * the last one (the debounce: all the batches of a customer between two sweeps cost one recalculation), and once
 * per UTC day marks every customer first (engagement and the activity windows move with time alone). The marked
 * customers of a workspace are rescored up to {@value #PER_COMMAND} per command, in one transaction each: one
 * command and one commit per customer made a sweep of 100 busy customers last seconds under load
 * (docs/PERFORMANCE-ingestion.md).
 */
@Component
class HealthRecalculation {

    private static final Logger log = LoggerFactory.getLogger(HealthRecalculation.class);
    private static final int SWEEP_BATCH = 1000;
    private static final int PER_COMMAND = 100;

    private final HealthSignalsPort store;
    private final CommandGateway commandGateway;
    private final Clock clock;

    HealthRecalculation(HealthSignalsPort store, CommandGateway commandGateway, Clock clock) {
        this.store = store;
        this.commandGateway = commandGateway;
        this.clock = clock;
    }

    /**
     * Rescores every marked customer; answers how many were rescored. A command that fails leaves its customers
     * marked for the next sweep, and ends this one.
     */
    @Scheduled(fixedDelayString = "${lealup.health.sweep-interval:PT1S}", initialDelayString = "${lealup.health.sweep-interval:PT1S}")
    public int sweep() {
        store.runDailyIfDue(LocalDate.now(clock));
        int rescored = 0;
        if (store.rebuilding()) {
            // a score of part of a customer's history would be published for good: the marks wait for the replay
            return rescored;
        }
        List<DirtyCustomer> due;
        do {
            due = store.dirty(SWEEP_BATCH);
            Map<String, List<Mark>> byWorkspace = new LinkedHashMap<>();
            for (DirtyCustomer customer : due) {
                byWorkspace.computeIfAbsent(customer.workspaceId(), w -> new ArrayList<>()).add(customer.mark());
            }
            for (Map.Entry<String, List<Mark>> workspace : byWorkspace.entrySet()) {
                List<Mark> marks = workspace.getValue();
                for (int from = 0; from < marks.size(); from += PER_COMMAND) {
                    List<Mark> chunk = marks.subList(from, Math.min(from + PER_COMMAND, marks.size()));
                    try {
                        commandGateway.sendAndWait(new RescoreMarkedCustomers(workspace.getKey(), List.copyOf(chunk)),
                                SystemCommands.metadata("health-recalculation", workspace.getKey()));
                        rescored += chunk.size();
                    } catch (RuntimeException e) {
                        log.warn("Health of {} customers of workspace {} not recalculated; retried next sweep: {}",
                                chunk.size(), workspace.getKey(), e.getMessage());
                        return rescored;
                    }
                }
            }
        } while (due.size() == SWEEP_BATCH);
        return rescored;
    }
}
