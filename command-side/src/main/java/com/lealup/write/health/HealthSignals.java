package com.lealup.write.health;

import java.time.Instant;

/**
 * What the health policy knows of a customer, as of the scoring instant: product activity in the last 30 days
 * and the 30 before ({@code activitySeen}: any activity ever), seats (custom field), last touchpoint, open
 * tickets by priority, latest NPS, overdue invoices. The {@code ...Seen} flags tell "no data" from "zero".
 */
record HealthSignals(boolean activitySeen, long activityLast30Days, long activityPrevious30Days, Long seats,
                            Instant lastTouchpointAt, boolean supportSeen, long ticketsLow, long ticketsNormal,
                            long ticketsHigh, long ticketsUrgent, Integer npsScore, boolean invoicesSeen,
                            long overdueInvoices) {

    public static final HealthSignals NONE = new HealthSignals(false, 0, 0, null, null, false, 0, 0, 0, 0, null, false, 0);
}
