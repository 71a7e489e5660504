package com.lealup.write.playbook;

import com.lealup.api.playbook.PlaybookDayStarted;
import com.lealup.api.playbook.StartPlaybookDay;
import com.lealup.testing.TestClock;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A workspace's playbook days: each starts once, however many nodes sweep. */
class PlaybookCalendarTest {

    private static final String WS = "wsp_calendar";
    private static final String ID = StartPlaybookDay.of(WS, null).calendarId();
    private static final Instant NOW = Instant.parse("2026-11-26T00:05:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-26");

    private AggregateTestFixture<PlaybookCalendar> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PlaybookCalendar.class);
        fixture.registerInjectableResource(TestClock.fixedAt(NOW));
    }

    @Test
    void theFirstSweepStartsTheCalendarAndItsDay() {
        fixture.givenNoPriorActivity()
                .when(StartPlaybookDay.of(WS, TODAY))
                .expectEvents(new PlaybookDayStarted(ID, TODAY, NOW, WS))
                .expectResultMessagePayload(true);
    }

    @Test
    void aDayStartsOnceHoweverManyNodesSweep() {
        fixture.given(new PlaybookDayStarted(ID, TODAY, NOW, WS))
                .when(StartPlaybookDay.of(WS, TODAY))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void theNextDayStartsAndAnEarlierOneNever() {
        fixture.given(new PlaybookDayStarted(ID, TODAY, NOW, WS))
                .when(StartPlaybookDay.of(WS, TODAY.plusDays(1)))
                .expectEvents(new PlaybookDayStarted(ID, TODAY.plusDays(1), NOW, WS))
                .expectResultMessagePayload(true);
        fixture.given(new PlaybookDayStarted(ID, TODAY, NOW, WS))
                .when(StartPlaybookDay.of(WS, TODAY.minusDays(1)))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aSweepThatMissedDaysStartsOnlyToday() {
        fixture.given(new PlaybookDayStarted(ID, TODAY.minusDays(5), NOW, WS))
                .when(StartPlaybookDay.of(WS, TODAY))
                .expectEvents(new PlaybookDayStarted(ID, TODAY, NOW, WS));
    }
}
