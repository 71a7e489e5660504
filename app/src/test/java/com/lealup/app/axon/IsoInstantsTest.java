package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.UtcTimestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/** The stored form of instants read without DateTimeFormatter, exactly as it reads them; other forms left to it. */
class IsoInstantsTest {

    @Test
    void readsTheStoredFormAsDateTimeFormatterDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            for (Instant written : List.of(instant, instant.truncatedTo(ChronoUnit.MILLIS),
                    instant.truncatedTo(ChronoUnit.MICROS), instant.truncatedTo(ChronoUnit.SECONDS))) {
                // Jackson's (Instant.toString: no fraction, 3, 6 or 9 digits) and Axon's (always 3 digits)
                for (String text : List.of(written.toString(), DateTimeUtils.formatInstant(written))) {
                    assertThat(UtcTimestamps.parseUtc(text)).as(text).isEqualTo(Instant.parse(text))
                            .isEqualTo(DateTimeUtils.parseInstant(text));
                }
            }
        }
        assertThat(UtcTimestamps.parseUtc("2028-02-29T23:59:59.1Z")).isEqualTo(Instant.parse("2028-02-29T23:59:59.100Z"));
        assertThat(UtcTimestamps.parseUtc("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void leavesEveryOtherFormToTheCaller() {
        for (String other : List.of("2026-03-01T08:30:15.123+01:00", "2026-03-01T08:30:15+00:00", "2026-03-01t08:30:15z",
                "2026-03-01T08:30:60Z", "+12026-03-01T08:30:15Z", "2026-02-29T08:30:15Z", "2026-13-01T08:30:15Z",
                "2026-03-01T24:00:00Z", "2026-03-01T08:30:15.Z", "2026-03-01T08:30:15.1234567890Z",
                "2026-03-01 08:30:15Z", "2026-03-01T08:30:1xZ", "1700000000", "", "2026-03-01")) {
            assertThat(UtcTimestamps.parseUtc(other)).as(other).isNull();
        }
    }

    @Test
    void theEventFormatReadsInstantsInEitherFormAndWritesThemAsBefore() throws Exception {
        ObjectMapper json = EventFormat.objectMapper(new PersonalDataFormat(null, false));
        assertThat(json.readValue("{\"at\":\"2026-03-01T08:30:15.123456Z\"}", At.class).at())
                .isEqualTo(Instant.parse("2026-03-01T08:30:15.123456Z"));
        assertThat(json.readValue("{\"at\":\"2026-03-01T09:30:15+01:00\"}", At.class).at())
                .as("another form, read by JavaTimeModule").isEqualTo(Instant.parse("2026-03-01T08:30:15Z"));
        assertThat(json.readValue("{\"at\":null}", At.class).at()).isNull();
        assertThat(json.writeValueAsString(new At(Instant.parse("2026-03-01T08:30:15.123456Z"))))
                .isEqualTo("{\"at\":\"2026-03-01T08:30:15.123456Z\"}");
    }

    record At(Instant at) {
    }
}
