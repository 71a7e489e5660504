package com.lealup.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path reads exactly what {@link Instant#parse} reads, and leaves everything else to it; the writer writes
 * what {@link Instant#toString} writes.
 */
class UtcTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T08:00:00Z", "2026-11-26T08:00:00.1Z", "2026-11-26T08:00:00.123Z",
            "2026-11-26T23:59:59.999999999Z", "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
            "2026-11-26T08:00:00+02:00", "2026-11-26T08:00:00.5-03:30"})
    void agreesWithInstantParse(String text) {
        assertThat(UtcTimestamps.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T08:00:00Z", "2026-13-01T08:00:00Z", "2026-11-26T08:60:00Z",
            "2026-11-26 08:00:00Z", "2026-11-26T8:00:00Z",
            "yesterday", "2026-11-26T08:00:00", "2026-1a-26T08:00:00Z", "2026-11-26T08:00:00.12a4Z"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> UtcTimestamps.parse(text)).isInstanceOf(DateTimeException.class);
    }

    /** ISO 8601's end of the day, which Instant.parse reads as the next day's midnight, is no RFC 3339 time. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T24:00:00Z", "2026-11-26t24:00:00z", "2026-11-26T24:00:00+01:00",
            "2026-11-26T24:00:00.000Z"})
    void refusesHour24(String text) {
        assertThat(Instant.parse(text)).isNotNull();
        assertThatThrownBy(() -> UtcTimestamps.parse(text)).isInstanceOf(DateTimeException.class);
    }

    /** java.time reads an expanded year, with a sign; RFC 3339's years have four digits. */
    @ParameterizedTest
    @ValueSource(strings = {"+002026-11-26T08:00:00Z", "+02026-11-26T08:00:00+01:00",
            "+0002026-11-26t08:00:00z"})
    void refusesAYearOfOtherThanFourDigits(String text) {
        assertThat(Instant.parse(text)).isNotNull();
        assertThatThrownBy(() -> UtcTimestamps.parse(text)).isInstanceOf(DateTimeException.class);
    }

    /** java.time reads a decimal point without a digit; RFC 3339's fraction has at least one. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T08:00:00.Z", "2026-11-26t08:00:00.z", "2026-11-26T08:00:00.+01:00"})
    void refusesAPointWithoutADigit(String text) {
        assertThat(Instant.parse(text)).isNotNull();
        assertThatThrownBy(() -> UtcTimestamps.parse(text)).isInstanceOf(DateTimeException.class);
    }

    /** RFC 3339 sets no limit to a fraction's digits; Instant.parse reads nine, and those past them are cut. */
    @Test
    void aFractionPastTheNanosecondIsCut() {
        assertThat(UtcTimestamps.parse("2026-11-26T08:00:00.1234567890Z")).isEqualTo(Instant.parse("2026-11-26T08:00:00.123456789Z"));
        assertThat(UtcTimestamps.parse("2026-11-26T08:00:00.9999999999999+01:00"))
                .isEqualTo(Instant.parse("2026-11-26T07:00:00.999999999Z"));
        assertThatThrownBy(() -> UtcTimestamps.parse("2026-11-26T08:00:00.1234567890")).isInstanceOf(DateTimeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T08:00:00Z", "2026-11-26T08:00:00.100Z", "2026-11-26T08:00:00.000001Z",
            "2026-11-26T08:00:00.000000001Z", "2026-11-26T08:00:00.120300Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"})
    void writesWhatInstantToStringWrites(String text) {
        Instant instant = Instant.parse(text);
        assertThat(UtcTimestamps.append(new StringBuilder(), instant).toString()).isEqualTo(instant.toString());
    }

    @Test
    void writesAnyInstantAsInstantToStringDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = randomInstant(random, i, "-1000-01-01T00:00:00Z", "+12000-01-01T00:00:00Z");
            assertThat(UtcTimestamps.append(new StringBuilder("|"), instant).toString()).isEqualTo("|" + instant);
            assertThat(UtcTimestamps.format(instant)).isEqualTo(instant.toString());
        }
    }

    /** Axon's JDBC event store writes an event's time with {@code DateTimeUtils.formatInstant}: the same text. */
    @Test
    void writesAnEventsTimeAsAxonsEventStoreDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = randomInstant(random, i, "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z");
            assertThat(UtcTimestamps.formatMillis(instant)).as(instant.toString())
                    .isEqualTo(DateTimeUtils.formatInstant(instant));
        }
        assertThat(UtcTimestamps.formatMillis(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(UtcTimestamps.formatMillis(Instant.parse("-0001-12-31T23:59:59Z"))).isNull();
    }

    /**
     * An instant from {@code from} (inclusive) to {@code until} (exclusive), the {@code i}-th of a run: whole seconds,
     * milliseconds, microseconds and nanoseconds in turn.
     */
    private static Instant randomInstant(SplittableRandom random, int i, String from, String until) {
        long seconds = random.nextLong(Instant.parse(from).getEpochSecond(), Instant.parse(until).getEpochSecond());
        int nanos = switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
