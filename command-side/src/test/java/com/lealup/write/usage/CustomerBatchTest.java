package com.lealup.write.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.usage.CustomerUsage;
import com.lealup.api.usage.CustomerUsage.TicketCounts;
import com.lealup.api.usage.IncomingUsageEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a customer's share of a batch is reduced to: the inputs of every health dimension and the counts by type. */
class CustomerBatchTest {

    private static final Instant DAY_ONE = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant DAY_TWO = Instant.parse("2026-11-21T23:59:59Z");

    @Test
    void activityIsCountedPerUtcDayAndEverySignalTypeIsFolded() {
        CustomerBatch summary = new CustomerBatch("cus_1");
        summary.add("evt_x", event("login", DAY_ONE, null, null));
        summary.add("evt_x", event("feature_used", DAY_ONE.plusSeconds(60), null, null));
        summary.add("evt_x", event("report.exported", DAY_TWO, null, null)); // any other type is activity
        summary.add("evt_x", event("meeting.held", DAY_ONE, null, null));
        summary.add("evt_x", event("email.sent", DAY_TWO, null, null));
        summary.add("evt_x", event("nps.response", DAY_TWO, 9, null));
        summary.add("evt_x", event("nps.response", DAY_ONE, 3, null)); // older answer, later in the batch: not the latest
        summary.add("evt_x", event("support.ticket_opened", DAY_ONE, null, "urgent"));
        summary.add("evt_x", event("support.ticket_opened", DAY_ONE, null, "normal"));
        summary.add("evt_x", event("support.ticket_closed", DAY_TWO, null, "low"));
        summary.add("evt_x", event("invoice.overdue", DAY_ONE, null, null));
        summary.add("evt_x", event("invoice.overdue", DAY_ONE, null, null));
        summary.add("evt_x", event("invoice.paid", DAY_TWO, null, null));

        CustomerUsage usage = summary.summary();

        assertThat(usage.customerId()).isEqualTo("cus_1");
        assertThat(usage.activityByDay()).containsExactly(Map.entry(LocalDate.parse("2026-11-20"), 2),
                Map.entry(LocalDate.parse("2026-11-21"), 1));
        assertThat(usage.lastTouchpointAt()).isEqualTo(DAY_TWO);
        assertThat(usage.latestNps()).isEqualTo(9);
        assertThat(usage.latestNpsAt()).isEqualTo(DAY_TWO);
        assertThat(usage.openedTickets()).isEqualTo(new TicketCounts(-1, 1, 0, 1));
        assertThat(usage.overdueInvoices()).isEqualTo(1);
        assertThat(usage.eventsByType()).containsEntry("login", 1).containsEntry("nps.response", 2)
                .containsEntry("invoice.overdue", 2).hasSize(10);
        assertThat(usage.supportSeen()).isTrue();
        assertThat(usage.invoicesSeen()).isTrue();
        assertThat(usage.hasType("login")).isTrue();
        assertThat(usage.hasType("task.completed")).isFalse();
    }

    @Test
    void aBatchOfActivityAloneSeesNoOtherSignal() {
        CustomerBatch summary = new CustomerBatch("cus_1");
        summary.add("evt_x", event("login", DAY_ONE, null, null));

        CustomerUsage usage = summary.summary();

        assertThat(usage.lastTouchpointAt()).isNull();
        assertThat(usage.latestNps()).isNull();
        assertThat(usage.openedTickets()).isEqualTo(new TicketCounts(0, 0, 0, 0));
        assertThat(usage.supportSeen()).isFalse();
        assertThat(usage.invoicesSeen()).isFalse();
    }

    private static IncomingUsageEvent event(String type, Instant at, Integer score, String priority) {
        return new IncomingUsageEvent(0, null, type, "cus_1", null, null, at, "{}", score, priority);
    }
}
