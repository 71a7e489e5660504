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

    /** Runs events {@code from} (inclusive) to {@code to} of a projection's history in processor batches of {@code size}. */
    @FunctionalInterface
    public interface Batches {

        void run(int size, int from, int to);
    }

    /**
     * What a projection that writes per processor batch must do: its whole history of {@code events} events in
     * batches of any size, after {@code clear}, and then redelivered, leaves the {@code rows} of event by event.
     */
    public static void assertBatchesOfAnySizeGiveTheRows(List<String> expected, Supplier<List<String>> rows,
                                                         Runnable clear, int events, Batches batches) {
        for (int size : new int[] {1, 2, 3, 5, 8, events}) {
            clear.run();
            batches.run(size, 0, events);
            assertThat(rows.get()).as("batches of " + size).isEqualTo(expected);
            batches.run(size, 0, events);
            assertThat(rows.get()).as("batches of " + size + ", redelivered").isEqualTo(expected);
        }
    }

    /**
     * And a batch redelivered over rows past some of its events (as over a merge of segments) applies the rest: for each
     * split, the events before {@code split[0]} in one batch, then those from {@code split[1]} on in another.
     */
    public static void assertBatchesRedeliveredOverRowsGiveTheRows(List<String> expected, Supplier<List<String>> rows,
                                                                   Runnable clear, int events, Batches batches,
                                                                   int[]... splits) {
        for (int[] split : splits) {
            clear.run();
            batches.run(events, 0, split[0]);
            batches.run(events, split[1], events);
            assertThat(rows.get()).as("events to %d, then from %d", split[0], split[1]).isEqualTo(expected);
        }
    }
}
