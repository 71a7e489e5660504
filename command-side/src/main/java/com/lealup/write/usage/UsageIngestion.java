package com.lealup.write.usage;

import com.lealup.api.Ids;
import com.lealup.api.StorableText;
import com.lealup.api.usage.EventRejection;
import com.lealup.api.usage.IncomingUsageEvent;
import com.lealup.api.usage.IngestUsageEvents;
import com.lealup.api.usage.IngestionOutcome;
import com.lealup.api.usage.UsageEventTypes;
import com.lealup.api.usage.UsageRecorded;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.stereotype.Component;

/**
 * Stores a batch of usage events in one transaction: resolves the customers (one query), claims the client event ids
 * (one statement), appends the new events to the usage log (one statement, a row per customer), and publishes one
 * {@link UsageRecorded} with the per-customer summary of what was stored. No aggregate is loaded: the rules (known
 * customer, time window, de-duplication) need no customer history, and a usage stream grows without end
 * (docs/ingestion.md). The log rows and the event commit together, so once the command returns they are durable.
 */
@Component
class UsageIngestion {

    private final IngestionDirectory directory;
    private final UsageLog log;
    private final EventBus eventBus;

    UsageIngestion(IngestionDirectory directory, UsageLog log, EventBus eventBus) {
        this.directory = directory;
        this.log = log;
        this.eventBus = eventBus;
    }

    @CommandHandler
    IngestionOutcome handle(IngestUsageEvents command, Clock clock) {
        String workspaceId = command.workspaceId();
        Instant now = clock.instant();
        List<EventRejection> rejected = new ArrayList<>();
        List<IncomingUsageEvent> inWindow = new ArrayList<>();
        for (IncomingUsageEvent event : command.events()) {
            EventRejection outOfWindow = outOfWindow(event, now);
            if (outOfWindow == null) {
                inWindow.add(event);
            } else {
                rejected.add(outOfWindow);
            }
        }

        Map<IncomingUsageEvent, String> customerOf = resolveCustomers(workspaceId, inWindow, rejected);
        Set<String> clientIds = new HashSet<>();
        List<IncomingUsageEvent> candidates = new ArrayList<>();
        int duplicates = 0;
        for (IncomingUsageEvent event : inWindow) {
            if (!customerOf.containsKey(event)) {
                continue;
            }
            if (event.clientEventId() != null && !clientIds.add(event.clientEventId())) {
                duplicates++; // repeated inside the batch: the first occurrence counts
            } else {
                candidates.add(event);
            }
        }
        Set<String> claimed = log.claimNew(workspaceId, clientIds);

        Map<String, CustomerBatch> byCustomer = new LinkedHashMap<>();
        Supplier<String> eventIds = Ids.sequence(Ids.EVENT);
        int accepted = 0;
        for (IncomingUsageEvent event : candidates) {
            if (event.clientEventId() != null && !claimed.contains(event.clientEventId())) {
                duplicates++; // stored by an earlier batch
                continue;
            }
            byCustomer.computeIfAbsent(customerOf.get(event), CustomerBatch::new).add(eventIds.get(), event);
            accepted++;
        }
        if (!byCustomer.isEmpty()) {
            String batchId = Ids.next(Ids.USAGE_BATCH);
            log.append(workspaceId, batchId, now, byCustomer.values());
            eventBus.publish(GenericEventMessage.asEventMessage(new UsageRecorded(workspaceId, batchId, now,
                    byCustomer.values().stream().map(CustomerBatch::summary).toList())));
        }
        return new IngestionOutcome(accepted, duplicates, rejected);
    }

    private static EventRejection outOfWindow(IncomingUsageEvent event, Instant now) {
        if (event.timestamp().isAfter(now.plus(UsageEventTypes.MAX_FUTURE_SKEW))) {
            return new EventRejection(event.index(), EventRejection.TIMESTAMP_IN_FUTURE,
                    "timestamp is more than 5 minutes in the future");
        }
        if (event.timestamp().isBefore(now.minus(UsageEventTypes.MAX_AGE))) {
            return new EventRejection(event.index(), EventRejection.TIMESTAMP_TOO_OLD,
                    "timestamp is older than 365 days");
        }
        return null;
    }

    /** The customer id of every event whose customer exists in the workspace; the others are rejected. */
    private Map<IncomingUsageEvent, String> resolveCustomers(String workspaceId, List<IncomingUsageEvent> events,
                                                             List<EventRejection> rejected) {
        Set<String> ids = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (IncomingUsageEvent event : events) {
            if (event.customerId() != null) {
                ids.add(event.customerId());
            } else {
                domains.add(event.emailDomain());
            }
        }
        IngestionDirectory.Customers known = directory.customers(workspaceId, ids, domains);
        Map<IncomingUsageEvent, String> customerOf = new IdentityHashMap<>();
        for (IncomingUsageEvent event : events) {
            String customerId = event.customerId() != null
                    ? (known.ids().contains(event.customerId()) ? event.customerId() : null)
                    : known.byDomain().get(event.emailDomain());
            if (customerId == null) {
                rejected.add(new EventRejection(event.index(), EventRejection.UNKNOWN_CUSTOMER,
                        event.customerId() != null
                                ? "customer_id '" + StorableText.abbreviated(event.customerId())
                                        + "' is not a customer of this workspace"
                                : "no customer of this workspace has email_domain '" + event.emailDomain() + "'"));
            } else {
                customerOf.put(event, customerId);
            }
        }
        return customerOf;
    }
}
