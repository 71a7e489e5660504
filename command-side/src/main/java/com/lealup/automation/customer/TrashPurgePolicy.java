package com.lealup.automation.customer;

import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.PurgeCustomer;
import com.lealup.api.projections.Lingers;
import com.lealup.automation.SystemCommands;
import com.lealup.write.usage.UsageLogPort;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges customers that have spent their retention in the trash: the purge is the GDPR erasure (the aggregate
 * answers {@code PurgeCustomer} with {@code CustomerErased}), and erases their usage log. Keeps its own schedule (one row per
 * deleted customer, from the events) and sweeps it on a timer with the injected clock, so a test can move
 * time and sweep. Purging twice is harmless: the aggregate refuses a customer that is not purgeable.
 */
@Component
@ProcessingGroup("trash-purge")
@Lingers
public class TrashPurgePolicy {

    private static final Logger log = LoggerFactory.getLogger(TrashPurgePolicy.class);
    private static final int SWEEP_BATCH = 500;

    private final JdbcClient jdbc;
    private final CommandGateway commandGateway;
    private final Clock clock;
    private final UsageLogPort usageLog;

    TrashPurgePolicy(JdbcClient jdbc, CommandGateway commandGateway, Clock clock, UsageLogPort usageLog) {
        this.jdbc = jdbc;
        this.commandGateway = commandGateway;
        this.clock = clock;
        this.usageLog = usageLog;
    }

    @EventHandler
    void on(CustomerDeleted event) {
        jdbc.sql("""
                        INSERT INTO trash_purge_schedule (customer_id, workspace_id, purge_after) VALUES (?, ?, ?)
                        ON CONFLICT (customer_id) DO UPDATE SET purge_after = EXCLUDED.purge_after""")
                .params(event.customerId(), event.workspaceId(), Timestamp.from(event.purgeAfter()))
                .update();
    }

    @EventHandler
    void on(CustomerRestored event) {
        unschedule(event.customerId());
    }

    /** A purged customer's usage log goes with it (ingestion no longer knows the customer, so nothing is added). */
    @EventHandler
    void on(CustomerPurged event) {
        forget(event.workspaceId(), event.customerId());
    }

    /** So does an erased one's (a purge today is an erasure): one delete by customer on the usage log. */
    @EventHandler
    void on(CustomerErased event) {
        forget(event.workspaceId(), event.customerId());
    }

    private void forget(String workspaceId, String customerId) {
        unschedule(customerId);
        usageLog.erase(workspaceId, customerId);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM trash_purge_schedule").update();
    }

    /** Sends a purge for every customer whose retention is over; answers how many were purged. */
    @Scheduled(fixedDelayString = "${lealup.trash.sweep-interval:PT1M}", initialDelayString = "PT30S")
    public int sweep() {
        List<Map<String, Object>> due = jdbc.sql("""
                        SELECT customer_id, workspace_id FROM trash_purge_schedule
                        WHERE purge_after <= ? ORDER BY purge_after LIMIT ?""")
                .params(Timestamp.from(clock.instant()), SWEEP_BATCH)
                .query().listOfRows();
        int purged = 0;
        for (Map<String, Object> row : due) {
            String customerId = (String) row.get("customer_id");
            String workspaceId = (String) row.get("workspace_id");
            try {
                commandGateway.sendAndWait(new PurgeCustomer(customerId, workspaceId),
                        SystemCommands.metadata("trash-purge", workspaceId));
                purged++;
            } catch (RuntimeException e) {
                // restored or already purged since the schedule was read: the events will tidy the row
                log.info("Customer {} not purged: {}", customerId, e.getMessage());
            }
        }
        return purged;
    }

    private void unschedule(String customerId) {
        jdbc.sql("DELETE FROM trash_purge_schedule WHERE customer_id = ?").params(customerId).update();
    }
}
