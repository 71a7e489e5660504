package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Times in query parameters: Z or an offset name an instant, taken in UTC; a local time names none. */
class DatesTest {

    @Test
    void aTimeWithAnOffsetIsTheSameInstantInUtc() {
        assertThat(Dates.instant("since", "2026-11-26T09:00:00+01:00")).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(Dates.rangeEnd("to", "2026-11-26T07:30:00.5-00:30")).isEqualTo(Instant.parse("2026-11-26T08:00:00.5Z"));
    }

    @Test
    void aLowerCaseTAndZReadAsEverywhereElse() {
        Instant eight = Instant.parse("2026-11-26T08:00:00Z");
        assertThat(Dates.instant("since", "2026-11-26t08:00:00z")).isEqualTo(eight);
        assertThat(Dates.rangeStart("from", "2026-11-26t08:00:00z")).isEqualTo(eight);
        assertThat(Dates.rangeEnd("to", "2026-11-26t09:00:00+01:00")).isEqualTo(eight);
    }

    @Test
    void aFractionOfMoreThanNineDigitsIsReadToTheNanosecond() {
        Instant nanos = Instant.parse("2026-11-26T08:00:00.123456789Z");
        assertThat(Dates.instant("since", "2026-11-26T08:00:00.1234567891Z")).isEqualTo(nanos);
        assertThat(Dates.rangeStart("from", "2026-11-26T09:00:00.123456789999+01:00")).isEqualTo(nanos);
    }

    @Test
    void aLocalTimeIsRefusedSayingWhatATimeIs() {
        assertThatThrownBy(() -> Dates.instant("since", "2026-11-26T08:00:00")).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.errors()).containsExactly(new ApiException.FieldError("since",
                        "invalid_format", "since must be an ISO 8601 time with Z or an offset, e.g. 2026-11-26T08:00:00Z")));
        assertThatThrownBy(() -> Dates.rangeStart("from", "2026-11-26 08:00:00Z"))
                .hasMessageContaining("from must be a date, YYYY-MM-DD, or an ISO 8601 time with Z or an offset");
    }
}
