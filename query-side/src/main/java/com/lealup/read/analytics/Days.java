package com.lealup.read.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Analytics count a change on the UTC day of its event's timestamp. */
final class Days {

    private Days() {
    }

    static LocalDate of(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static LocalDate monthOf(Instant at) {
        return of(at).withDayOfMonth(1);
    }

    /**
     * When a change takes effect: its event's time, or the time of the customer's state it changes if that is later
     * (events of different aggregates, a customer's and its health's, may carry slightly out-of-order clocks); the
     * processor's order decides, so a replay gives the same rows.
     */
    static Instant effective(Instant at, Instant stateFrom) {
        return at.isBefore(stateFrom) ? stateFrom : at;
    }

    /**
     * An instant as PostgreSQL keeps it (to the microsecond, rounded): what a batch compares in memory is what a later
     * batch reads.
     */
    static Instant stored(Instant at) {
        return at.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }
}
