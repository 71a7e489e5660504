package com.lealup.write.health;

import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthModels;
import com.lealup.api.health.HealthThresholds;
import com.lealup.api.usage.UsageEvent;
import com.lealup.api.usage.UsageEventTypes;
import com.lealup.api.usage.UsageEventsRecorded;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The health policy's state (tables {@code health_signal}, {@code health_activity_day}, {@code health_policy_model}):
 * per customer the few numbers the formula needs, kept up to date from the events so that scoring never scans raw
 * events. Written by the policy ({@code com.lealup.automation.health}), read by {@link HealthScoring}.
 */
@Component
public class HealthSignalStore {

    /** Days of activity the formula looks at; older days are pruned by the daily run. */
    static final int ACTIVITY_DAYS = 60;

    public record DirtyCustomer(String customerId, String workspaceId, long dirtySeq) {
    }

    private final JdbcClient jdbc;

    HealthSignalStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A customer the daily run and model changes must rescore; its seats, when known. */
    public void track(String customerId, String workspaceId, Integer seats, boolean seatsChanged) {
        jdbc.sql("""
                        INSERT INTO health_signal (customer_id, workspace_id, seats) VALUES (?, ?, CAST(? AS integer))
                        ON CONFLICT (customer_id) DO UPDATE SET
                            seats = CASE WHEN ? THEN EXCLUDED.seats ELSE health_signal.seats END,
                            dirty = health_signal.dirty OR ?, dirty_seq = health_signal.dirty_seq + 1""")
                .params(customerId, workspaceId, seats, seatsChanged, seatsChanged)
                .update();
    }

    public void forget(String customerId) {
        jdbc.sql("DELETE FROM health_activity_day WHERE customer_id = ?").params(customerId).update();
        jdbc.sql("DELETE FROM health_signal WHERE customer_id = ?").params(customerId).update();
        jdbc.sql("DELETE FROM health_current WHERE customer_id = ?").params(customerId).update();
    }

    /**
     * Folds a recorded batch into the customer's signals and marks the customer for rescoring. {@code position}
     * is the event's position in the stream: a batch at or before the last applied position changes nothing.
     */
    public void record(UsageEventsRecorded recorded, long position) {
        Batch batch = Batch.of(recorded.events());
        jdbc.sql("INSERT INTO health_signal (customer_id, workspace_id) VALUES (?, ?) ON CONFLICT (customer_id) DO NOTHING")
                .params(recorded.customerId(), recorded.workspaceId()).update();
        int applied = jdbc.sql("""
                        UPDATE health_signal SET applied_position = :position,
                            activity_seen = activity_seen OR :activity,
                            last_touchpoint_at = GREATEST(last_touchpoint_at, CAST(:touchpoint AS timestamptz)),
                            support_seen = support_seen OR :support,
                            tickets_low = tickets_low + :low, tickets_normal = tickets_normal + :normal,
                            tickets_high = tickets_high + :high, tickets_urgent = tickets_urgent + :urgent,
                            nps_score = CASE WHEN CAST(:npsAt AS timestamptz) IS NOT NULL
                                                  AND (nps_at IS NULL OR nps_at <= CAST(:npsAt AS timestamptz))
                                             THEN CAST(:nps AS integer) ELSE nps_score END,
                            nps_at = GREATEST(nps_at, CAST(:npsAt AS timestamptz)),
                            invoices_seen = invoices_seen OR :invoices,
                            invoices_overdue = invoices_overdue + :overdue,
                            dirty = TRUE, dirty_seq = dirty_seq + 1
                        WHERE customer_id = :customer AND applied_position < :position""")
                .param("position", position)
                .param("activity", !batch.activityByDay.isEmpty())
                .param("touchpoint", timestamp(batch.lastTouchpoint))
                .param("support", batch.supportSeen)
                .param("low", batch.tickets[0])
                .param("normal", batch.tickets[1])
                .param("high", batch.tickets[2])
                .param("urgent", batch.tickets[3])
                .param("npsAt", timestamp(batch.npsAt))
                .param("nps", batch.nps)
                .param("invoices", batch.invoicesSeen)
                .param("overdue", batch.overdue)
                .param("customer", recorded.customerId())
                .update();
        if (applied == 1 && !batch.activityByDay.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO health_activity_day (customer_id, day, events)
                            SELECT ?, CAST(d AS date), CAST(n AS integer) FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS a(d, n)
                            ON CONFLICT (customer_id, day) DO UPDATE SET events = health_activity_day.events + EXCLUDED.events""")
                    .params(recorded.customerId(),
                            batch.activityByDay.keySet().stream().map(LocalDate::toString).toArray(String[]::new),
                            batch.activityByDay.values().stream().map(String::valueOf).toArray(String[]::new))
                    .update();
        }
    }

    /** Keeps the workspace's new model and marks all its customers for rescoring. */
    public void modelChanged(HealthModelChanged event) {
        int newer = jdbc.sql("""
                        INSERT INTO health_policy_model (workspace_id, version, healthy, at_risk) VALUES (?, ?, ?, ?)
                        ON CONFLICT (workspace_id) DO UPDATE SET version = EXCLUDED.version, healthy = EXCLUDED.healthy,
                            at_risk = EXCLUDED.at_risk
                        WHERE health_policy_model.version < EXCLUDED.version""")
                .params(event.workspaceId(), event.version(), event.thresholds().healthy(), event.thresholds().atRisk())
                .update();
        if (newer == 0) {
            return;
        }
        for (DimensionSetting d : event.dimensions()) {
            jdbc.sql("""
                            INSERT INTO health_policy_dimension (workspace_id, key, enabled, weight) VALUES (?, ?, ?, ?)
                            ON CONFLICT (workspace_id, key) DO UPDATE SET enabled = EXCLUDED.enabled, weight = EXCLUDED.weight""")
                    .params(event.workspaceId(), d.key(), d.enabled(), d.weight()).update();
        }
        jdbc.sql("UPDATE health_signal SET dirty = TRUE, dirty_seq = dirty_seq + 1 WHERE workspace_id = ?")
                .param(event.workspaceId()).update();
    }

    public void reset() {
        jdbc.sql("TRUNCATE health_signal, health_activity_day, health_policy_model, health_policy_dimension").update();
    }

    public List<DirtyCustomer> dirty(int limit) {
        return jdbc.sql("SELECT customer_id, workspace_id, dirty_seq FROM health_signal WHERE dirty LIMIT ?")
                .param(limit)
                .query((rs, i) -> new DirtyCustomer(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** Clears the mark unless the customer was marked again since it was read. */
    public void clean(DirtyCustomer customer) {
        jdbc.sql("UPDATE health_signal SET dirty = FALSE WHERE customer_id = ? AND dirty_seq = ?")
                .params(customer.customerId(), customer.dirtySeq()).update();
    }

    /**
     * Once per UTC day (across nodes: the first to move {@code health_daily_run} wins): marks every customer for
     * rescoring and prunes activity days no window reaches. Answers whether this call did it.
     */
    public boolean runDailyIfDue(LocalDate today) {
        int due = jdbc.sql("""
                        INSERT INTO health_daily_run (id, last_day) VALUES (1, ?)
                        ON CONFLICT (id) DO UPDATE SET last_day = EXCLUDED.last_day
                        WHERE health_daily_run.last_day < EXCLUDED.last_day""")
                .param(java.sql.Date.valueOf(today)).update();
        if (due == 0) {
            return false;
        }
        jdbc.sql("UPDATE health_signal SET dirty = TRUE, dirty_seq = dirty_seq + 1").update();
        jdbc.sql("DELETE FROM health_activity_day WHERE day < ?")
                .param(java.sql.Date.valueOf(today.minusDays(ACTIVITY_DAYS + 1))).update();
        return true;
    }

    HealthModelView model(String workspaceId) {
        return jdbc.sql("SELECT version, healthy, at_risk FROM health_policy_model WHERE workspace_id = ?")
                .param(workspaceId)
                .query((rs, i) -> new HealthModelView(rs.getInt(1), jdbc.sql("""
                                SELECT key, enabled, weight FROM health_policy_dimension WHERE workspace_id = ?""")
                        .param(workspaceId)
                        .query((d, j) -> new DimensionSetting(d.getString(1), d.getBoolean(2), d.getInt(3))).list()
                        .stream().sorted(java.util.Comparator.comparingInt(d -> HealthModels.DIMENSIONS.indexOf(d.key())))
                        .toList(), new HealthThresholds(rs.getInt(2), rs.getInt(3))))
                .optional().orElse(HealthModels.DEFAULT);
    }

    /** The customer's signals with the activity windows ending at {@code now}: (now - 30d, now] and the 30 days before. */
    HealthSignals signals(String customerId, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate recentStart = today.minusDays(29);
        LocalDate previousStart = today.minusDays(ACTIVITY_DAYS - 1);
        return jdbc.sql("""
                        SELECT s.*,
                            (SELECT COALESCE(SUM(events), 0) FROM health_activity_day
                             WHERE customer_id = s.customer_id AND day BETWEEN :recentStart AND :today) AS recent,
                            (SELECT COALESCE(SUM(events), 0) FROM health_activity_day
                             WHERE customer_id = s.customer_id AND day >= :previousStart AND day < :recentStart) AS previous
                        FROM health_signal s WHERE s.customer_id = :customer""")
                .param("customer", customerId)
                .param("today", java.sql.Date.valueOf(today))
                .param("recentStart", java.sql.Date.valueOf(recentStart))
                .param("previousStart", java.sql.Date.valueOf(previousStart))
                .query((rs, i) -> new HealthSignals(rs.getBoolean("activity_seen"), rs.getLong("recent"),
                        rs.getLong("previous"), (Integer) rs.getObject("seats"), instant(rs.getTimestamp("last_touchpoint_at")),
                        rs.getBoolean("support_seen"), rs.getInt("tickets_low"), rs.getInt("tickets_normal"),
                        rs.getInt("tickets_high"), rs.getInt("tickets_urgent"), (Integer) rs.getObject("nps_score"),
                        rs.getBoolean("invoices_seen"), rs.getInt("invoices_overdue")))
                .optional().orElse(HealthSignals.NONE);
    }

    /** A batch reduced to what the signals need. */
    private static final class Batch {
        final Map<LocalDate, Integer> activityByDay = new TreeMap<>();
        Instant lastTouchpoint;
        boolean supportSeen;
        /** Opened minus closed, by priority: low, normal, high, urgent. */
        final int[] tickets = new int[4];
        Instant npsAt;
        Integer nps;
        boolean invoicesSeen;
        int overdue;

        static Batch of(List<UsageEvent> events) {
            Batch b = new Batch();
            for (UsageEvent e : events) {
                switch (e.type()) {
                    case UsageEventTypes.MEETING_HELD, UsageEventTypes.EMAIL_SENT -> b.lastTouchpoint =
                            b.lastTouchpoint == null || e.timestamp().isAfter(b.lastTouchpoint) ? e.timestamp() : b.lastTouchpoint;
                    case UsageEventTypes.NPS_RESPONSE -> {
                        if (b.npsAt == null || !e.timestamp().isBefore(b.npsAt)) {
                            b.npsAt = e.timestamp();
                            b.nps = ((Number) e.properties().get("score")).intValue();
                        }
                    }
                    case UsageEventTypes.TICKET_OPENED -> b.ticket(e, 1);
                    case UsageEventTypes.TICKET_CLOSED -> b.ticket(e, -1);
                    case UsageEventTypes.INVOICE_OVERDUE -> b.invoice(1);
                    case UsageEventTypes.INVOICE_PAID -> b.invoice(-1);
                    default -> b.activityByDay.merge(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC), 1, Integer::sum);
                }
            }
            return b;
        }

        private void ticket(UsageEvent e, int delta) {
            supportSeen = true;
            Object priority = e.properties() == null ? null : e.properties().get("priority");
            int slot = switch (priority == null ? "normal" : priority.toString()) {
                case "low" -> 0;
                case "high" -> 2;
                case "urgent" -> 3;
                default -> 1;
            };
            tickets[slot] += delta;
        }

        private void invoice(int delta) {
            invoicesSeen = true;
            overdue += delta;
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
