package com.lealup.api.projections;

import com.lealup.api.UtcTimestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Many rows in one statement, as one array parameter per column ({@code FROM unnest(?::text[], ?::numeric[], ...)}):
 * each value sent as the text PostgreSQL reads for its column's type, cast to that type in SQL (the driver sends a
 * {@code String[]} as {@code text[]}). What a processor that folds its batch writes with (docs/PERFORMANCE.md,
 * Replay).
 */
public final class ColumnArrays {

    private ColumnArrays() {
    }

    /** The statement's parameters: the {@code i}-th is the array of the rows' {@code i}-th column, as text. */
    public static <R> Object[] params(List<R> rows, List<Function<R, Object>> columns) {
        Object[] arrays = new Object[columns.size()];
        for (int i = 0; i < arrays.length; i++) {
            String[] values = new String[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = text(columns.get(i).apply(rows.get(r)));
            }
            arrays[i] = values;
        }
        return arrays;
    }

    /**
     * As PostgreSQL reads the value of its column type: ISO dates and instants, plain decimals. An instant goes at
     * the microsecond the driver would round it to ({@link UtcTimestamps#toMicros}, half up): PostgreSQL rounds the
     * nanoseconds of a text itself, half to even, and the same instant would read 1 µs apart by the two ways in.
     */
    static String text(Object value) {
        if (value instanceof Instant instant) {
            return UtcTimestamps.formatMicros(instant);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return Objects.toString(value, null);
    }
}
