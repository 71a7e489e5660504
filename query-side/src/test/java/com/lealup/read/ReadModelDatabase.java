package com.lealup.read;

import com.lealup.testing.TestDatabase;
import java.util.List;
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

    /** Every column of the rows {@code where} selects, as JSON text, in a stable order: what replays must rebuild. */
    public static List<String> rows(String table, String where, Object... params) {
        return TestDatabase.rows(table, where, params);
    }
}
