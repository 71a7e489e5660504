package com.lealup.api.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The text of each column's array, as PostgreSQL reads it for the column's type. */
class ColumnArraysTest {

    /**
     * Half a microsecond: the driver rounds a timestamp parameter up, PostgreSQL a text to even (…802.5 µs → 802), so
     * the instant goes already rounded as the driver would (CustomerHistoryApiTest once saw the two 1 µs apart).
     */
    @Test
    void anInstantGoesAtTheMicrosecondTheDriverRoundsItTo() {
        assertThat(ColumnArrays.text(Instant.parse("2026-12-03T16:39:41.658802500Z")))
                .isEqualTo("2026-12-03T16:39:41.658803Z");
        assertThat(ColumnArrays.text(Instant.parse("2026-12-03T16:39:41.658803499Z")))
                .isEqualTo("2026-12-03T16:39:41.658803Z");
        assertThat(ColumnArrays.text(Instant.parse("2026-12-03T16:39:41.999999500Z")))
                .isEqualTo("2026-12-03T16:39:42Z");
    }

    @Test
    void eachColumnIsOneArrayOfTheRowsValuesAsText() {
        List<Function<Object[], Object>> columns = List.of(r -> r[0], r -> r[1], r -> r[2]);
        Object[] params = ColumnArrays.params(List.of(
                new Object[] {new BigDecimal("1E+3"), LocalDate.parse("2027-01-15"), null},
                new Object[] {BigDecimal.ONE, null, "x"}), columns);
        assertThat((String[]) params[0]).containsExactly("1000", "1");
        assertThat((String[]) params[1]).containsExactly("2027-01-15", null);
        assertThat((String[]) params[2]).containsExactly(null, "x");
    }
}
