package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A segment stalls when its position stays below the head for the whole delay, on a controlled clock. */
class StalledSegmentsTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final AtomicLong now = new AtomicLong();
    private final StalledSegments stalls = new StalledSegments(Duration.ofMinutes(2), now::get, false);

    @Test
    void aSegmentBelowTheHeadThatDoesNotMoveForTheDelayHasStalled() {
        assertThat(stalls.stalled("tasks/0", 10, 50, now.get())).as("its first look starts the clock").isFalse();
        now.addAndGet(120 * SECOND);
        assertThat(stalls.stalled("tasks/0", 10, 60, now.get())).as("two minutes exactly").isFalse();
        now.addAndGet(SECOND);
        assertThat(stalls.stalled("tasks/0", 10, 60, now.get())).isTrue();
        assertThat(stalls.stalled("customers/0", 10, 60, now.get())).as("another segment has its own clock").isFalse();
    }

    @Test
    void aSegmentThatMovesOrIsAtTheHeadHasNot() {
        for (long position = 1; position <= 10; position++) {
            assertThat(stalls.stalled("tasks/0", position, 100, now.get())).isFalse();
            now.addAndGet(60 * SECOND);
        }
        assertThat(stalls.stalled("tasks/0", 100, 100, now.get())).as("caught up").isFalse();
        now.addAndGet(600 * SECOND);
        assertThat(stalls.stalled("tasks/0", 100, 100, now.get())).as("idle at the head").isFalse();
        assertThat(stalls.stalled("tasks/0", 100, 101, now.get())).as("a new event: the clock starts again")
                .isFalse();
    }
}
