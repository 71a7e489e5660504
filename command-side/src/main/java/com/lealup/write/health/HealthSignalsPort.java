package com.lealup.write.health;

import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthTrigger;
import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.api.usage.UsageRecorded;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The port through which the health policies ({@code com.lealup.automation.health}) keep the health signals that
 * scoring reads (tables {@code health_signal}, {@code health_activity_day}, {@code health_policy_model},
 * {@code health_policy_dimension}, {@code health_daily_run}) and find the customers to rescore. Implemented by
 * {@link HealthSignalStore}; scoring itself ({@link HealthScoring}) reads the store directly.
 */
public interface HealthSignalsPort {

    /**
     * A customer marked for rescoring, with the mark it had when read; {@code traceId} the trace of the request whose
     * mark decided its {@link #trigger} (the latest of them), or null when none did (the daily run).
     */
    record DirtyCustomer(String customerId, String workspaceId, long dirtySeq, int causes, String traceId) {

        /**
         * The trigger its rescore reports: when several causes marked it between two sweeps, a model change first,
         * then events, then the daily run (a mark without a recorded cause, set before causes were: events).
         */
        public String trigger() {
            return (causes & HealthSignalStore.CAUSE_MODEL) != 0 ? HealthTrigger.MODEL_CHANGE
                    : (causes & HealthSignalStore.CAUSE_EVENTS) != 0 ? HealthTrigger.EVENTS
                    : (causes & HealthSignalStore.CAUSE_DAILY) != 0 ? HealthTrigger.DAILY : HealthTrigger.EVENTS;
        }

        /** The mark the sweep's command rescores and clears: as read, with its trigger and trace. */
        public RescoreMarkedCustomers.Mark mark() {
            return new RescoreMarkedCustomers.Mark(customerId, dirtySeq, trigger(), traceId);
        }
    }

    /**
     * A customer the daily run and model changes must rescore; its seats, when known. {@code traceId}: the trace of
     * the request of the event, which a change of seats marks the customer with.
     */
    void track(String customerId, String workspaceId, Long seats, boolean seatsChanged, String traceId);

    /** Forgets a purged customer's signals and current score. */
    void forget(String customerId);

    /**
     * Folds a stored usage batch into its customers' signals, once per stream {@code position}; marks them with the
     * trace of the request that ingested it.
     */
    void record(UsageRecorded recorded, long position, String traceId);

    /** A touchpoint outside ingestion (a completed task) at {@code at}, by the request of {@code traceId}. */
    void touchpoint(String customerId, Instant at, String traceId);

    /** Keeps the workspace's new model and marks all its customers for rescoring, with the change's trace. */
    void modelChanged(HealthModelChanged event, String traceId);

    /**
     * Empties the signals, for a replay of the policy; once no scoring is under way, and none starts until the reset
     * has committed (then the signals are {@link #rebuilding}).
     */
    void reset();

    /**
     * Whether the signals are being rebuilt: a replay of the policy (in place) has not yet passed the events it
     * started from, on whichever node (its token is a replay token), so they hold part of the customers' history and
     * no score may be computed from them.
     */
    boolean rebuilding();

    /** Up to {@code limit} customers marked for rescoring, in id order. */
    List<DirtyCustomer> dirty(int limit);

    /** Once per UTC day across nodes: marks every customer for rescoring; answers whether this call did it. */
    boolean runDailyIfDue(LocalDate today);
}
