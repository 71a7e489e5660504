package com.lealup.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.testing.TestDatabase;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database of this module's projection tests: the one embedded PostgreSQL of the test JVM with the server's
 * schema ({@link TestDatabase}). Tests call projections' handlers directly with events they build, each in
 * workspaces of its own.
 */
public final class ReadModelDatabase {

    private ReadModelDatabase() {
    }

    public static JdbcClient jdbc() {
        return TestDatabase.jdbc();
    }

    /** For projections written on {@code JdbcTemplate}. */
    public static DataSource dataSource() {
        return TestDatabase.dataSource();
    }

    /**
     * What every projection must do: redelivering its history changes none of its {@code rows}, and a replay (its
     * {@code reset}, then the history again) rebuilds the same rows, twice.
     */
    public static void assertRedeliveryAndReplaysRebuild(Supplier<List<String>> rows, Runnable history, Runnable reset) {
        List<String> before = rows.get();
        assertThat(before).as("rows to rebuild").isNotEmpty();
        history.run();
        assertThat(rows.get()).as("after redelivery").isEqualTo(before);
        for (int round = 1; round <= 2; round++) {
            reset.run();
            assertThat(rows.get()).as("reset before replay " + round).isEmpty();
            history.run();
            assertThat(rows.get()).as("after replay " + round).isEqualTo(before);
        }
    }

    /** Every column of the rows {@code where} selects, as JSON text, in a stable order: what replays must rebuild. */
    public static List<String> rows(String table, String where, Object... params) {
        return TestDatabase.rows(table, where, params);
    }
}
