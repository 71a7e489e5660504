package com.lealup.write.health;

import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthModels;
import com.lealup.api.health.HealthThresholds;
import com.lealup.api.health.HealthTrigger;
import com.lealup.api.health.RecalculateHealth;
import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.api.projections.ColumnArrays;
import com.lealup.api.projections.InPlaceReplays;
import com.lealup.api.projections.ProcessorBatch;
import com.lealup.api.usage.CustomerUsage;
import com.lealup.api.usage.UsageRecorded;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The health policy's state (tables {@code health_signal}, {@code health_activity_day}, {@code health_policy_model}):
 * per customer the few numbers the formula needs, kept up to date from the events so that scoring never scans raw
 * events. Written by the policy ({@code com.lealup.automation.health}) through {@link HealthSignalsPort}, read by
 * {@link HealthScoring}.
 */
@Component
class HealthSignalStore implements HealthSignalsPort {

    /** Days of activity the formula looks at; older days are pruned by the daily run. */
    static final int ACTIVITY_DAYS = 60;

    /** Why a customer is marked ({@code health_signal.dirty_causes}, bits): the trigger of its next score. */
    static final int CAUSE_EVENTS = 1;
    static final int CAUSE_DAILY = 2;
    static final int CAUSE_MODEL = 4;
    /**
     * The trace id a mark by events leaves ({@code health_signal.dirty_trace_id}), {@code trace} the SQL of its own:
     * its own, unless the customer is marked by a model change, whose trigger and trace its score reports. A daily
     * mark leaves the trace as it is (null once the mark is cleared).
     */
    private static final String EVENTS_MARK_TRACE = "CASE WHEN s.dirty_causes & " + CAUSE_MODEL
            + " = 0 THEN %s ELSE s.dirty_trace_id END";
    /** The advisory lock a reset of the signals takes alone and every scoring shares ("health" in ASCII). */
    private static final long REBUILD_LOCK = 0x6865616c7468L;

    /** What the signals' update takes of a customer's folded usage, in the order of its {@code unnest}. */
    private static final List<Function<UsageFold.Folded, Object>> USAGE_COLUMNS = List.of(f -> f.usage().customerId(),
            UsageFold.Folded::firstPosition, UsageFold.Folded::lastPosition, f -> !f.usage().activityByDay().isEmpty(),
            f -> f.usage().lastTouchpointAt(), f -> f.usage().supportSeen(), f -> f.usage().openedTickets().low(),
            f -> f.usage().openedTickets().normal(), f -> f.usage().openedTickets().high(),
            f -> f.usage().openedTickets().urgent(), f -> f.usage().latestNps(), f -> f.usage().latestNpsAt(),
            f -> f.usage().invoicesSeen(), f -> f.usage().overdueInvoices(), f -> f.mark().cause(),
            f -> f.mark().traceId());

    private final JdbcClient jdbc;
    private final InPlaceReplays replays;
    /** The recorded usage of a processor batch, folded and written at its commit. */
    private final ProcessorBatch<UsageFold> usage = new ProcessorBatch<>("health-signals", UsageFold::new,
            this::writeQueued);
    /** The customers a processor batch tracks, folded per customer and written at its commit. */
    private final ProcessorBatch<Map<String, Tracked>> tracked = new ProcessorBatch<>("health-signals-tracked",
            LinkedHashMap::new, this::writeQueuedTracks);

    HealthSignalStore(JdbcClient jdbc, InPlaceReplays replays) {
        this.jdbc = jdbc;
        this.replays = replays;
    }

    /**
     * A customer the daily run and model changes must rescore; its seats, when known. A new customer's row is not
     * marked; a known one's is when its seats changed. In a processor's batch of events the tracked customers are
     * queued, folded per customer, and written just before its commit: one statement for the batch's new customers,
     * one more for those already tracked. What the usage of the same batch writes does not depend on the order of the
     * two.
     */
    @Override
    public void track(String customerId, String workspaceId, Long seats, boolean seatsChanged, String traceId) {
        Tracked track = new Tracked(customerId, workspaceId, seats, seatsChanged, false,
                SignalMark.of(CAUSE_EVENTS, traceId));
        Map<String, Tracked> queued = tracked.queue();
        if (queued == null) {
            writeTracked(List.of(track));
        } else {
            queued.merge(customerId, track, Tracked::then);
        }
    }

    /**
     * A customer to track. {@code seatsChanged}: its seats are to be stored, and its row marked if it is known;
     * {@code markedIfNew}: a later track of the same batch changed its seats, so a new row is marked too;
     * {@code mark}: the mark of the last change of seats.
     */
    private record Tracked(String customerId, String workspaceId, Long seats, boolean seatsChanged,
                           boolean markedIfNew, SignalMark mark) {

        /** This track, then {@code later}, as writing them one after the other would leave the row. */
        Tracked then(Tracked later) {
            return new Tracked(customerId, workspaceId, later.seatsChanged ? later.seats : seats,
                    seatsChanged || later.seatsChanged, markedIfNew || later.seatsChanged,
                    later.seatsChanged ? later.mark : mark);
        }
    }

    private void writeQueuedTracks(Map<String, Tracked> tracks) {
        if (!tracks.isEmpty()) {
            try {
                writeTracked(List.copyOf(tracks.values()));
            } finally {
                tracks.clear();
            }
        }
    }

    private void writeTracked(List<Tracked> tracks) {
        Set<String> added = new HashSet<>(jdbc.sql("""
                        INSERT INTO health_signal (customer_id, workspace_id, seats, dirty, dirty_seq, dirty_causes,
                            dirty_trace_id)
                        SELECT c, w, CAST(s AS bigint), m, CASE WHEN m THEN 1 ELSE 0 END,
                            CASE WHEN m THEN CAST(ca AS int) ELSE 0 END, CASE WHEN m THEN tr END
                        FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                            CAST(CAST(? AS text[]) AS boolean[]), CAST(? AS text[]), CAST(? AS text[]))
                            AS t(c, w, s, m, ca, tr)
                        ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id""")
                .params(ColumnArrays.params(tracks, List.of(Tracked::customerId, Tracked::workspaceId, Tracked::seats,
                        Tracked::markedIfNew, t -> t.mark().cause(), t -> t.mark().traceId())))
                .query(String.class).list());
        List<Tracked> known = tracks.stream().filter(t -> !added.contains(t.customerId())).toList();
        if (!known.isEmpty()) {
            jdbc.sql("""
                            UPDATE health_signal s SET
                                seats = CASE WHEN t.changed THEN CAST(t.seats AS bigint) ELSE s.seats END,
                                dirty = s.dirty OR t.changed, dirty_seq = s.dirty_seq + 1,
                                dirty_causes = s.dirty_causes | CASE WHEN t.changed THEN CAST(t.cause AS int) ELSE 0 END,
                                dirty_trace_id = CASE WHEN t.changed THEN %s ELSE s.dirty_trace_id END
                            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(CAST(? AS text[]) AS boolean[]),
                                    CAST(? AS text[]), CAST(? AS text[])) AS t(customer_id, seats, changed, cause, trace)
                            WHERE s.customer_id = t.customer_id""".formatted(EVENTS_MARK_TRACE.formatted("t.trace")))
                    .params(ColumnArrays.params(known, List.of(Tracked::customerId, Tracked::seats,
                            Tracked::seatsChanged, t -> t.mark().cause(), t -> t.mark().traceId())))
                    .update();
        }
    }

    /** Writes what the batch queued, before a statement that must see it. */
    private void flush() {
        tracked.flush();
        usage.flush();
    }

    @Override
    public void forget(String customerId) {
        flush();
        jdbc.sql("DELETE FROM health_activity_day WHERE customer_id = ?").params(customerId).update();
        jdbc.sql("DELETE FROM health_signal WHERE customer_id = ?").params(customerId).update();
        jdbc.sql("DELETE FROM health_current WHERE customer_id = ?").params(customerId).update();
    }

    /**
     * Folds a stored batch into its customers' signals and marks them for rescoring. In a processor's batch of
     * events the recorded batches are queued and written together just before its commit ({@link UsageFold}): three
     * statements for the whole batch, whatever the number of recorded batches and customers, so the policy catches up
     * with a burst of ingestion in a few transactions instead of falling behind it by one per recorded batch.
     * {@code position} is the event's position in the stream: a customer whose signals already include it (or a later
     * batch) is left alone, so a redelivery counts nothing twice.
     */
    @Override
    public void record(UsageRecorded recorded, long position, String traceId) {
        SignalMark mark = SignalMark.of(CAUSE_EVENTS, traceId);
        UsageFold queued = usage.queue();
        if (queued == null) {
            write(UsageFold.of(recorded, position, mark));
        } else {
            queued.add(recorded, position, mark);
        }
    }

    private void writeQueued(UsageFold fold) {
        if (!fold.isEmpty()) {
            try {
                write(fold);
            } finally {
                fold.clear();
            }
        }
    }

    /** A customer's product-activity events of one UTC day, added to its {@code health_activity_day} row. */
    private record ActivityDay(String customerId, LocalDate day, int events) {
    }

    /**
     * The folded usage in three statements. A customer whose row is past some of its folded batches but not all (a
     * redelivery over merged segments) is left alone by them; its batches are then written one by one.
     */
    private void write(UsageFold fold) {
        List<UsageFold.Folded> folded = fold.customers();
        jdbc.sql("""
                        INSERT INTO health_signal (customer_id, workspace_id)
                        SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]))
                        ON CONFLICT (customer_id) DO NOTHING""")
                .params(ColumnArrays.params(folded, List.of(f -> f.usage().customerId(), UsageFold.Folded::workspaceId)))
                .update();
        Set<String> applied = new HashSet<>(jdbc.sql("""
                        UPDATE health_signal s SET applied_position = u.to_position,
                            activity_seen = s.activity_seen OR u.activity,
                            last_touchpoint_at = GREATEST(s.last_touchpoint_at, u.touchpoint),
                            support_seen = s.support_seen OR u.support,
                            tickets_low = s.tickets_low + u.low, tickets_normal = s.tickets_normal + u.normal,
                            tickets_high = s.tickets_high + u.high, tickets_urgent = s.tickets_urgent + u.urgent,
                            nps_score = CASE WHEN u.nps_at IS NOT NULL AND (s.nps_at IS NULL OR s.nps_at <= u.nps_at)
                                             THEN u.nps ELSE s.nps_score END,
                            nps_at = GREATEST(s.nps_at, u.nps_at),
                            invoices_seen = s.invoices_seen OR u.invoices,
                            invoices_overdue = s.invoices_overdue + u.overdue,
                            dirty = TRUE, dirty_seq = s.dirty_seq + 1, dirty_causes = s.dirty_causes | u.cause,
                            dirty_trace_id = %s
                        FROM unnest(CAST(? AS text[]), CAST(CAST(? AS text[]) AS bigint[]),
                                    CAST(CAST(? AS text[]) AS bigint[]), CAST(CAST(? AS text[]) AS boolean[]),
                                    CAST(CAST(? AS text[]) AS timestamptz[]),
                                    CAST(CAST(? AS text[]) AS boolean[]), CAST(CAST(? AS text[]) AS bigint[]),
                                    CAST(CAST(? AS text[]) AS bigint[]), CAST(CAST(? AS text[]) AS bigint[]),
                                    CAST(CAST(? AS text[]) AS bigint[]), CAST(CAST(? AS text[]) AS int[]),
                                    CAST(CAST(? AS text[]) AS timestamptz[]),
                                    CAST(CAST(? AS text[]) AS boolean[]), CAST(CAST(? AS text[]) AS bigint[]),
                                    CAST(CAST(? AS text[]) AS int[]), CAST(? AS text[]))
                            AS u(customer_id, from_position, to_position, activity, touchpoint, support, low, normal,
                                 high, urgent, nps, nps_at, invoices, overdue, cause, trace)
                        WHERE s.customer_id = u.customer_id AND s.applied_position < u.from_position
                        RETURNING s.customer_id""".formatted(EVENTS_MARK_TRACE.formatted("u.trace")))
                .params(ColumnArrays.params(folded, USAGE_COLUMNS))
                .query(String.class).list());
        List<ActivityDay> days = new ArrayList<>();
        Set<String> partial = new HashSet<>();
        for (UsageFold.Folded f : folded) {
            CustomerUsage u = f.usage();
            if (applied.contains(u.customerId())) {
                u.activityByDay().forEach((day, events) -> days.add(new ActivityDay(u.customerId(), day, events)));
            } else if (f.batches() > 1) {
                partial.add(u.customerId());
            }
        }
        if (!days.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO health_activity_day (customer_id, day, events)
                            SELECT c, CAST(d AS date), CAST(n AS bigint)
                            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS a(c, d, n)
                            ON CONFLICT (customer_id, day) DO UPDATE SET events = health_activity_day.events + EXCLUDED.events""")
                    .params(ColumnArrays.params(days, List.of(ActivityDay::customerId, ActivityDay::day,
                            ActivityDay::events)))
                    .update();
        }
        if (!partial.isEmpty()) {
            for (UsageFold.Batch batch : fold.batches()) {
                UsageRecorded recorded = batch.recorded();
                List<CustomerUsage> theirs = recorded.customers().stream()
                        .filter(u -> partial.contains(u.customerId())).toList();
                if (!theirs.isEmpty()) {
                    write(UsageFold.of(new UsageRecorded(recorded.workspaceId(), recorded.batchId(),
                            recorded.recordedAt(), theirs), batch.position(), batch.mark()));
                }
            }
        }
    }

    /**
     * A touchpoint outside ingestion (a completed task) at {@code at}; marks the customer for rescoring. Idempotent,
     * and a customer already purged (no row) stays forgotten.
     */
    @Override
    public void touchpoint(String customerId, Instant at, String traceId) {
        flush();
        SignalMark mark = SignalMark.of(CAUSE_EVENTS, traceId);
        jdbc.sql("""
                        UPDATE health_signal s SET last_touchpoint_at = GREATEST(s.last_touchpoint_at, ?),
                            dirty = TRUE, dirty_seq = s.dirty_seq + 1, dirty_causes = s.dirty_causes | ?,
                            dirty_trace_id = %s
                        WHERE customer_id = ?""".formatted(EVENTS_MARK_TRACE.formatted("CAST(? AS text)")))
                .params(Timestamp.from(at), mark.cause(), mark.traceId(), customerId).update();
    }

    /** Keeps the workspace's new model and marks all its customers for rescoring, with the change's trace. */
    @Override
    public void modelChanged(HealthModelChanged event, String traceId) {
        flush();
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
        SignalMark mark = SignalMark.of(CAUSE_MODEL, traceId);
        jdbc.sql("""
                        UPDATE health_signal SET dirty = TRUE, dirty_seq = dirty_seq + 1,
                            dirty_causes = dirty_causes | ?, dirty_trace_id = ? WHERE workspace_id = ?""")
                .params(mark.cause(), mark.traceId(), event.workspaceId()).update();
    }

    @Override
    public void reset() {
        flush();
        // waits for the scorings under way and holds off new ones until the reset commits: they then find the
        // replay token; and no scoring holds the tables the TRUNCATE locks (the two deadlocked)
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?)").param(REBUILD_LOCK).query(Integer.class).single();
        jdbc.sql("TRUNCATE health_signal, health_activity_day, health_policy_model, health_policy_dimension").update();
    }

    @Override
    public boolean rebuilding() {
        return replays.replayingInPlace(RecalculateHealth.SIGNALS_GROUP);
    }

    /**
     * First in a scoring's transaction: whether the signals are complete (not {@link #rebuilding}); a reset cannot
     * empty them until the transaction ends, nor a replay start over them.
     */
    boolean completeForScoring() {
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock_shared(?)").param(REBUILD_LOCK).query(Integer.class).single();
        return !rebuilding();
    }

    /** Up to {@code limit} customers marked for rescoring, in id order (the order rescoring locks them in). */
    @Override
    public List<DirtyCustomer> dirty(int limit) {
        return jdbc.sql("""
                        SELECT customer_id, workspace_id, dirty_seq, dirty_causes, dirty_trace_id FROM health_signal
                        WHERE dirty ORDER BY customer_id LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new DirtyCustomer(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
                        rs.getString(5)))
                .list();
    }

    /**
     * Clears the marks, each unless its customer was marked again since it was read. A row another transaction holds
     * locked is skipped: that transaction is marking the customer again (the policy folding a batch), or deleting it;
     * waiting for it instead could deadlock with the policy's many-row updates, and skipping costs at most one more
     * rescore.
     */
    void clean(List<RescoreMarkedCustomers.Mark> marks) {
        jdbc.sql("""
                        UPDATE health_signal SET dirty = FALSE, dirty_causes = 0, dirty_trace_id = NULL
                        WHERE customer_id IN (
                            SELECT s.customer_id FROM health_signal s
                            JOIN unnest(CAST(? AS text[]), CAST(? AS bigint[])) AS m(customer_id, seq)
                                ON s.customer_id = m.customer_id AND s.dirty_seq = m.seq
                            FOR UPDATE OF s SKIP LOCKED)""")
                .params(marks.stream().map(RescoreMarkedCustomers.Mark::customerId).toArray(String[]::new),
                        marks.stream().map(RescoreMarkedCustomers.Mark::markSeq).toArray(Long[]::new))
                .update();
    }

    /**
     * Once per UTC day (across nodes: the first to move {@code health_daily_run} wins): marks every customer for
     * rescoring and prunes activity days no window reaches. Answers whether this call did it. Taking the day and
     * marking are one statement: if the marking fails (e.g. chosen as a deadlock victim against the policy), the day
     * is not taken and the next sweep tries again.
     */
    @Override
    public boolean runDailyIfDue(LocalDate today) {
        boolean due = jdbc.sql("""
                        WITH due AS (
                            INSERT INTO health_daily_run (id, last_day) VALUES (1, ?)
                            ON CONFLICT (id) DO UPDATE SET last_day = EXCLUDED.last_day
                            WHERE health_daily_run.last_day < EXCLUDED.last_day
                            RETURNING last_day),
                        marked AS (
                            UPDATE health_signal SET dirty = TRUE, dirty_seq = dirty_seq + 1,
                                dirty_causes = dirty_causes | ?
                            WHERE EXISTS (SELECT 1 FROM due))
                        SELECT count(*) > 0 FROM due""")
                .params(java.sql.Date.valueOf(today), CAUSE_DAILY).query(Boolean.class).single();
        if (due) {
            jdbc.sql("DELETE FROM health_activity_day WHERE day < ?")
                    .param(java.sql.Date.valueOf(today.minusDays(ACTIVITY_DAYS + 1))).update();
        }
        return due;
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

    /**
     * The signals of the customers that have any, by customer, with the activity windows ending at {@code now}:
     * (now - 30d, now] and the 30 days before. One query.
     */
    Map<String, HealthSignals> signals(Collection<String> customerIds, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate recentStart = today.minusDays(29);
        LocalDate previousStart = today.minusDays(ACTIVITY_DAYS - 1);
        Map<String, HealthSignals> byCustomer = new HashMap<>();
        jdbc.sql("""
                        SELECT s.*,
                            (SELECT COALESCE(SUM(events), 0) FROM health_activity_day
                             WHERE customer_id = s.customer_id AND day BETWEEN :recentStart AND :today) AS recent,
                            (SELECT COALESCE(SUM(events), 0) FROM health_activity_day
                             WHERE customer_id = s.customer_id AND day >= :previousStart AND day < :recentStart) AS previous
                        FROM health_signal s WHERE s.customer_id = ANY(:customers)""")
                .param("customers", customerIds.toArray(String[]::new))
                .param("today", java.sql.Date.valueOf(today))
                .param("recentStart", java.sql.Date.valueOf(recentStart))
                .param("previousStart", java.sql.Date.valueOf(previousStart))
                .query((rs, i) -> byCustomer.put(rs.getString("customer_id"), new HealthSignals(
                        rs.getBoolean("activity_seen"), rs.getLong("recent"), rs.getLong("previous"),
                        (Long) rs.getObject("seats"), instant(rs.getTimestamp("last_touchpoint_at")),
                        rs.getBoolean("support_seen"), rs.getLong("tickets_low"), rs.getLong("tickets_normal"),
                        rs.getLong("tickets_high"), rs.getLong("tickets_urgent"), (Integer) rs.getObject("nps_score"),
                        rs.getBoolean("invoices_seen"), rs.getLong("invoices_overdue"))))
                .list();
        return byCustomer;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
