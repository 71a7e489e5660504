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

    /** java.time reads an expanded year with a sign, {@code +002027-06-15}: no date or time of RFC 3339. */
    @Test
    void aYearOfOtherThanFourDigitsIsRefused() {
        for (String date : new String[] {"+002027-06-15", "+02027-06-15", "+0000-06-15"}) {
            assertThatThrownBy(() -> Dates.date("due_before", date)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.errors().get(0).code()).isEqualTo("invalid_format"));
            assertThatThrownBy(() -> Dates.rangeStart("from", date)).isInstanceOf(ApiException.class);
            assertThatThrownBy(() -> Dates.instant("as_of", date + "T00:00:00Z")).isInstanceOfSatisfying(
                    ApiException.class, e -> assertThat(e.errors().get(0).code()).isEqualTo("invalid_format"));
            assertThatThrownBy(() -> Dates.parseOffsetDateTime(date + "T00:00:00+01:00"))
                    .isInstanceOf(java.time.DateTimeException.class);
        }
        assertThat(Dates.date("due_before", "2027-06-15")).isEqualTo(java.time.LocalDate.of(2027, 6, 15));
        // beyond four digits the year is out of the range, which says more
        // beyond four digits, with a sign or without (which java.time does not read), the year is out of the range
        for (String date : new String[] {"+10000-06-15", "10000-06-15", "123456789-06-15"}) {
            assertThatThrownBy(() -> Dates.date("due_before", date)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.errors().get(0).code()).as(date).isEqualTo("out_of_range"));
            assertThatThrownBy(() -> Dates.instant("as_of", date + "T00:00:00Z")).isInstanceOfSatisfying(
                    ApiException.class, e -> assertThat(e.errors().get(0).code()).as(date).isEqualTo("out_of_range"));
        }
        assertThatThrownBy(() -> Dates.date("due_before", "10000-")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors().get(0).code()).isEqualTo("out_of_range"));
        assertThatThrownBy(() -> Dates.date("due_before", "10000")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors().get(0).code()).isEqualTo("invalid_format"));
    }
}
