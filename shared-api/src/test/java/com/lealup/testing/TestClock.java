package com.lealup.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of every test that moves time: fixed at an instant ({@link #fixedAt}, fixture and policy tests) or
 * running with real time ({@link #running}, the server in API tests, whose processors, rate limits and retries need
 * time to pass). A test moves it forward, sets it, or puts it back.
 */
public final class TestClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    private TestClock(Clock base) {
        this.base = base;
    }

    /** Stands still at {@code instant} until the test moves it. */
    public static TestClock fixedAt(Instant instant) {
        return new TestClock(Clock.fixed(instant, ZoneOffset.UTC));
    }

    /** Real time, moved by the test's offset. */
    public static TestClock running() {
        return new TestClock(Clock.systemUTC());
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Now is {@code instant} (a running clock goes on from there). */
    public void set(Instant instant) {
        offset = Duration.between(base.instant(), instant);
    }

    /** Back to the instant (or real time) it started with. */
    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
