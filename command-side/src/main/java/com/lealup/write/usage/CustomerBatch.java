package com.lealup.write.usage;

import com.lealup.api.usage.CustomerUsage;
import com.lealup.api.usage.CustomerUsage.TicketCounts;
import com.lealup.api.usage.IncomingUsageEvent;
import com.lealup.api.usage.UsageEventTypes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One customer's share of a batch: the events to store, with our ids, and their fold into the {@link CustomerUsage}
 * that the batch's event carries.
 */
final class CustomerBatch {

    private final String customerId;
    private final List<UsageLog.Entry> entries = new ArrayList<>();
    private final Map<String, Integer> eventsByType = new TreeMap<>();
    private final Map<LocalDate, Integer> activityByDay = new TreeMap<>();
    private Instant firstAt;
    private Instant lastAt;
    private Instant lastTouchpointAt;
    private Integer latestNps;
    private Instant latestNpsAt;
    /** Opened minus closed, by priority: low, normal, high, urgent. */
    private final int[] tickets = new int[4];
    private int overdueInvoices;

    CustomerBatch(String customerId) {
        this.customerId = customerId;
    }

    void add(String id, IncomingUsageEvent e) {
        entries.add(new UsageLog.Entry(id, e));
        Instant at = e.timestamp();
        eventsByType.merge(e.type(), 1, Integer::sum);
        firstAt = firstAt == null || at.isBefore(firstAt) ? at : firstAt;
        lastAt = lastAt == null || at.isAfter(lastAt) ? at : lastAt;
        switch (e.type()) {
            case UsageEventTypes.MEETING_HELD, UsageEventTypes.EMAIL_SENT ->
                    lastTouchpointAt = lastTouchpointAt == null || at.isAfter(lastTouchpointAt) ? at : lastTouchpointAt;
            case UsageEventTypes.NPS_RESPONSE -> {
                if (latestNpsAt == null || !at.isBefore(latestNpsAt)) {
                    latestNpsAt = at;
                    latestNps = e.score();
                }
            }
            case UsageEventTypes.TICKET_OPENED -> tickets[priority(e)]++;
            case UsageEventTypes.TICKET_CLOSED -> tickets[priority(e)]--;
            case UsageEventTypes.INVOICE_OVERDUE -> overdueInvoices++;
            case UsageEventTypes.INVOICE_PAID -> overdueInvoices--;
            default -> activityByDay.merge(LocalDate.ofInstant(at, ZoneOffset.UTC), 1, Integer::sum);
        }
    }

    String customerId() {
        return customerId;
    }

    List<UsageLog.Entry> entries() {
        return entries;
    }

    Instant firstAt() {
        return firstAt;
    }

    Instant lastAt() {
        return lastAt;
    }

    CustomerUsage summary() {
        return new CustomerUsage(customerId, eventsByType, activityByDay, lastTouchpointAt, latestNps,
                latestNpsAt, new TicketCounts(tickets[0], tickets[1], tickets[2], tickets[3]), overdueInvoices);
    }

    /** The slot of a ticket's priority, as the API validated it. */
    private static int priority(IncomingUsageEvent e) {
        return switch (e.priority()) {
            case "low" -> 0;
            case "high" -> 2;
            case "urgent" -> 3;
            default -> 1;
        };
    }
}
