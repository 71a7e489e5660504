package com.lealup.app.persistence;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * A database of a migration test's own, migrated up to the version before the migration under test: the test writes
 * rows as an earlier release left them, then {@link #migrate()} runs the rest.
 */
public final class DatabaseBeforeMigration implements AutoCloseable {

    private final EmbeddedPostgresServer db;
    private final JdbcTemplate jdbc;

    private DatabaseBeforeMigration(EmbeddedPostgresServer db, String lastVersion) {
        this.db = db;
        Flyway before = flyway().target(lastVersion).load();
        before.migrate();
        this.jdbc = new JdbcTemplate(before.getConfiguration().getDataSource());
    }

    /** A fresh database in {@code target/<name>}, migrated up to {@code lastVersion} included. */
    public static DatabaseBeforeMigration upTo(String lastVersion, String name) throws IOException {
        Path dataDir = Path.of("target", name).toAbsolutePath();
        FileSystemUtils.deleteRecursively(new File(dataDir.toString()));
        return new DatabaseBeforeMigration(EmbeddedPostgresServer.start(dataDir, false), lastVersion);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Runs every migration after the version the database was left at. */
    public void migrate() {
        flyway().load().migrate();
    }

    private FluentConfiguration flyway() {
        return Flyway.configure().dataSource(db.jdbcUrl("postgres"), db.user(), db.password());
    }

    @Override
    public void close() throws IOException {
        db.close();
    }
}
