package com.lealup.api.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One customer's share of a stored batch, reduced to what the health signals and playbooks read.
 *
 * @param eventsByType        how many events of each type were stored
 * @param activityByDay       product-activity events per UTC day (every type that is not a touchpoint, NPS, ticket
 *                            or invoice)
 * @param lastTouchpointAt    the latest {@code meeting.held} / {@code email.sent}, or null
 * @param latestNps           the score of the latest {@code nps.response} (by timestamp), or null
 * @param latestNpsAt         its timestamp
 * @param openedTickets       tickets opened minus closed, per priority
 * @param overdueInvoices     {@code invoice.overdue} minus {@code invoice.paid}
 */
public record CustomerUsage(String customerId, Map<String, Integer> eventsByType, Map<LocalDate, Integer> activityByDay,
                            Instant lastTouchpointAt, Integer latestNps, Instant latestNpsAt, TicketCounts openedTickets,
                            int overdueInvoices) {

    /** Net opened tickets of a batch by priority (opened minus closed; may be negative). */
    public record TicketCounts(int low, int normal, int high, int urgent) {
    }

    public boolean hasType(String type) {
        return eventsByType.getOrDefault(type, 0) > 0;
    }

    public boolean supportSeen() {
        return hasType(UsageEventTypes.TICKET_OPENED) || hasType(UsageEventTypes.TICKET_CLOSED);
    }

    public boolean invoicesSeen() {
        return hasType(UsageEventTypes.INVOICE_OVERDUE) || hasType(UsageEventTypes.INVOICE_PAID);
    }
}
