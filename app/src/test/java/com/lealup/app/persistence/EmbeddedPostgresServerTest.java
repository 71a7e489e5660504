package com.lealup.app.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The embedded PostgreSQL asks for its generated password, on loopback only, in new and in older data directories. */
class EmbeddedPostgresServerTest {

    @Test
    void aNewDataDirectoryGetsAPasswordThatEveryConnectionNeeds(TestInfo test) throws Exception {
        Path dataDir = emptyDirectory(test);

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false)) {
            assertOnlyThePasswordOpens(server);
            try (Connection db = connect(server, server.password()); Statement sql = db.createStatement()) {
                assertThat(setting(sql, "listen_addresses")).isEqualTo("127.0.0.1,::1");
                assertThat(setting(sql, "unix_socket_directories")).as("no Unix socket").isEmpty();
                sql.execute("CREATE TABLE kept (id int)");
            }
        }
        Path passwordFile = dataDir.resolve(EmbeddedPostgresServer.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(Files.readString(passwordFile)).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir, false)) {
            assertThat(restarted.password()).isEqualTo(Files.readString(passwordFile));
            assertOnlyThePasswordOpens(restarted);
            try (Connection db = connect(restarted, restarted.password()); Statement sql = db.createStatement()) {
                sql.execute("SELECT count(*) FROM kept");
            }
        }
    }

    @Test
    void aDataDirectoryThatTrustsEveryLocalConnectionGetsThePasswordOnItsFirstStart(TestInfo test) throws Exception {
        Path dataDir = emptyDirectory(test);
        // what versions before the password wrote: zonky's defaults, initdb -A trust
        try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toFile())
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
             Connection db = trusting.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE kept (id int)");
            sql.execute("INSERT INTO kept VALUES (42)");
        }
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).contains("trust");

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false)) {
            assertOnlyThePasswordOpens(server);
            try (Connection db = connect(server, server.password()); Statement sql = db.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).as("the data of the trusting version").isEqualTo(42);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dataDir.resolve(EmbeddedPostgresServer.PASSWORD_FILE)))).isEqualTo("rw-------");
        assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");
    }

    /** JDBC to the port: without a password and with a wrong one refused, on both loopback addresses. */
    private static void assertOnlyThePasswordOpens(EmbeddedPostgresServer server) throws SQLException {
        for (String host : new String[] {"127.0.0.1", "[::1]"}) {
            assertThatThrownBy(() -> connect(host, server.port(), null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(host, server.port(), server.password() + "x"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                            .as("invalid_password").isEqualTo("28P01"));
        }
        try (Connection db = connect(server, server.password()); Statement sql = db.createStatement();
             ResultSet one = sql.executeQuery("SELECT 1")) {
            assertThat(one.next()).isTrue();
        }
    }

    private static Connection connect(EmbeddedPostgresServer server, String password) throws SQLException {
        return connect("127.0.0.1", server.port(), password);
    }

    private static Connection connect(String host, int port, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", properties);
    }

    private static String setting(Statement sql, String name) throws SQLException {
        try (ResultSet value = sql.executeQuery("SHOW " + name)) {
            value.next();
            return value.getString(1);
        }
    }

    private static Path emptyDirectory(TestInfo test) throws IOException {
        Path dir = Path.of("target", "embedded-postgres", test.getTestMethod().orElseThrow().getName())
                .toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return Files.createDirectories(dir);
    }
}
