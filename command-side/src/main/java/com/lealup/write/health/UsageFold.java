package com.lealup.write.health;

import com.lealup.api.usage.CustomerUsage;
import com.lealup.api.usage.CustomerUsage.TicketCounts;
import com.lealup.api.usage.UsageRecorded;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several recorded batches as one, per customer: what the signals take of them (counts summed, flags and days
 * merged, the latest touchpoint and NPS), in stream order, with the positions of each customer's first and last
 * batches (the signals' redelivery guard), how many batches of it were folded, and the mark of the last one (the
 * one the customer keeps).
 */
final class UsageFold {

    /** One customer's usage over the folded batches. */
    record Folded(String workspaceId, CustomerUsage usage, long firstPosition, long lastPosition, int batches,
                  SignalMark mark) {
    }

    /** A batch as recorded, at its position in the stream, with the mark it leaves. */
    record Batch(UsageRecorded recorded, long position, SignalMark mark) {
    }

    private final Map<String, Folded> customers = new LinkedHashMap<>();
    private final List<Batch> batches = new ArrayList<>();

    static UsageFold of(UsageRecorded recorded, long position, SignalMark mark) {
        UsageFold fold = new UsageFold();
        fold.add(recorded, position, mark);
        return fold;
    }

    /** Adds a batch later in the stream than every batch added before. */
    void add(UsageRecorded recorded, long position, SignalMark mark) {
        batches.add(new Batch(recorded, position, mark));
        for (CustomerUsage usage : recorded.customers()) {
            customers.merge(usage.customerId(),
                    new Folded(recorded.workspaceId(), usage, position, position, 1, mark),
                    (earlier, later) -> new Folded(earlier.workspaceId(), merge(earlier.usage(), later.usage()),
                            earlier.firstPosition(), position, earlier.batches() + 1, mark));
        }
    }

    List<Folded> customers() {
        return List.copyOf(customers.values());
    }

    /** The batches folded, in stream order. */
    List<Batch> batches() {
        return List.copyOf(batches);
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    void clear() {
        customers.clear();
        batches.clear();
    }

    /**
     * {@code earlier} then {@code later}, as the signals would take them one after the other. Ints, as in the event:
     * a fold is one processor batch (100 events) of recorded batches of at most 1,000 usage events each; the totals
     * that grow without bound are the signals' bigint columns.
     */
    static CustomerUsage merge(CustomerUsage earlier, CustomerUsage later) {
        Map<String, Integer> types = new HashMap<>(earlier.eventsByType());
        later.eventsByType().forEach((type, count) -> types.merge(type, count, Integer::sum));
        Map<LocalDate, Integer> days = new HashMap<>(earlier.activityByDay());
        later.activityByDay().forEach((day, count) -> days.merge(day, count, Integer::sum));
        // the later batch's NPS wins unless it was given before the earlier one's (the signals' own rule)
        boolean laterNps = later.latestNpsAt() != null
                && (earlier.latestNpsAt() == null || !later.latestNpsAt().isBefore(earlier.latestNpsAt()));
        TicketCounts a = earlier.openedTickets();
        TicketCounts b = later.openedTickets();
        return new CustomerUsage(earlier.customerId(), types, days,
                latest(earlier.lastTouchpointAt(), later.lastTouchpointAt()),
                laterNps ? later.latestNps() : earlier.latestNps(),
                laterNps ? later.latestNpsAt() : earlier.latestNpsAt(),
                new TicketCounts(a.low() + b.low(), a.normal() + b.normal(), a.high() + b.high(),
                        a.urgent() + b.urgent()),
                earlier.overdueInvoices() + later.overdueInvoices());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
