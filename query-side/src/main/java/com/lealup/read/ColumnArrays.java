package com.lealup.read;

import com.lealup.api.UtcTimestamps;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

/**
 * Many rows in one statement, as one array parameter per column ({@code FROM unnest(?::text[], ?::numeric[], ...)}):
 * each value sent as the text PostgreSQL reads for its column's type, cast to that type in SQL. What a projection
 * that folds its processor's batch writes with (docs/PERFORMANCE.md, Replay).
 */
public final class ColumnArrays {

    private ColumnArrays() {
    }

    /** The parameters of a statement whose {@code i}-th parameter is the array of the rows' {@code i}-th column. */
    public static <R> PreparedStatementSetter of(List<R> rows, List<Function<R, Object>> columns) {
        return statement -> {
            Connection connection = statement.getConnection();
            for (int i = 0; i < columns.size(); i++) {
                String[] values = new String[rows.size()];
                for (int r = 0; r < values.length; r++) {
                    values[r] = text(columns.get(i).apply(rows.get(r)));
                }
                statement.setArray(i + 1, connection.createArrayOf("text", values));
            }
        };
    }

    /** Sends {@code sql} with the rows as its column arrays; nothing when there are no rows. */
    public static <R> void update(JdbcTemplate jdbc, String sql, List<R> rows, List<Function<R, Object>> columns) {
        if (!rows.isEmpty()) {
            jdbc.update(sql, of(rows, columns));
        }
    }

    /** As PostgreSQL reads the value of its column type: ISO dates and instants, plain decimals. */
    private static String text(Object value) {
        if (value instanceof Instant instant) {
            return UtcTimestamps.format(instant);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return Objects.toString(value, null);
    }
}
