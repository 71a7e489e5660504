package com.lealup.write.health;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * How an event marks its customers for rescoring: the cause the next score reports ({@code health_signal.dirty_causes},
 * a bit) and the trace id of the request behind it. A replayed event (the signals rebuilt, in place) is no request's
 * doing any more: its mark is a recomputation at the time, as the daily run's, so a score the sweep publishes after a
 * replay reports {@code daily}, not the trigger and the trace of the event the replay passed again.
 */
record SignalMark(int cause, String traceId) {

    /** The mark of the event being handled, {@code liveCause} and its request's {@code traceId} unless it is replayed. */
    static SignalMark of(int liveCause, String traceId) {
        return replaying() ? new SignalMark(HealthSignalStore.CAUSE_DAILY, null) : new SignalMark(liveCause, traceId);
    }

    private static boolean replaying() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().getMessage() instanceof TrackedEventMessage<?> event
                && ReplayToken.isReplay(event.trackingToken());
    }
}
