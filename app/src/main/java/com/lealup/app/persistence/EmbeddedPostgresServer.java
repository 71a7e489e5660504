package com.lealup.app.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 run by the server itself (standalone mode), its data kept in a directory of ours.
 * Durable: fsync and synchronous_commit on. Survives a {@code kill -9} of the JVM: the postmaster it
 * leaves behind is stopped before the next start. One server per data directory: a second one started on
 * it stops at once (an OS file lock, released by the OS however the holder ends), instead of stopping the
 * first one's database as if it were left over.
 * <p>
 * Reachable on loopback only, with a password: it listens on 127.0.0.1 and ::1 (no Unix socket), and
 * {@code pg_hba.conf} asks every connection for the password of {@code postgres} (scram-sha-256), which is
 * generated with the data directory and kept in {@code <data-dir>/postgres.password} (mode 0600). A data
 * directory written before (every local connection trusted) gets its password on its first start here.
 */
public final class EmbeddedPostgresServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STALE_POSTMASTER_STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String LOCK_FILE = "lealup.lock";
    static final String PASSWORD_FILE = "postgres.password";
    private static final String SUPERUSER = "postgres";
    /** Password logins from loopback only; anything else matches no line and is refused. */
    private static final String HBA = """
            # Written by LealUp: the embedded PostgreSQL takes password logins from this machine only.
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final FileChannel lock;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel lock, String password) {
        this.postgres = postgres;
        this.lock = lock;
        this.password = password;
    }

    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) throws IOException {
        Path dataDir = dataDirectory.toAbsolutePath().normalize();
        Path pgData = dataDir.resolve("postgres");
        Path workDir = dataDir.resolve("postgres-binaries");
        Files.createDirectories(workDir);
        FileChannel lock = lockDataDirectory(dataDir);
        try {
            stopStalePostmaster(pgData);
            Path passwordFile = dataDir.resolve(PASSWORD_FILE);
            boolean isNew = !Files.exists(pgData.resolve("postgresql.conf"));
            boolean trusting = !isNew && !HBA.equals(readIfExists(pgData.resolve("pg_hba.conf")));
            if (!isNew && !trusting && !Files.exists(passwordFile)) {
                throw new DataDirectoryUnusable(passwordFile + " is missing: it holds the password of the embedded "
                        + "PostgreSQL in " + pgData + ", which cannot be opened without it.", "Restore it from a backup.");
            }
            String password = passwordOf(passwordFile);
            EmbeddedPostgres postgres = trusting
                    ? secureTrustingCluster(pgData, workDir, durable, password)
                    : startPostgres(pgData, workDir, durable, password, isNew ? passwordFile : null);
            return new EmbeddedPostgresServer(postgres, lock, password);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A data directory of an earlier version trusts every local connection: it runs once more as it is (on
     * loopback only) to set the password, then restarts with the password required.
     */
    private static EmbeddedPostgres secureTrustingCluster(Path pgData, Path workDir, boolean durable, String password)
            throws IOException {
        log.warn("The embedded PostgreSQL in {} trusts every local connection: setting its password and requiring it",
                pgData);
        try (EmbeddedPostgres trusting = startPostgres(pgData, workDir, durable, password, null);
             Connection connection = trusting.getPostgresDatabase().getConnection()) {
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new IOException("Could not set the password of the embedded PostgreSQL in " + pgData, e);
        }
        writeHba(pgData);
        return startPostgres(pgData, workDir, durable, password, null);
    }

    /** Starts PostgreSQL on {@code pgData}; {@code newClusterPasswordFile} (only for a new one) feeds initdb. */
    private static EmbeddedPostgres startPostgres(Path pgData, Path workDir, boolean durable, String password,
                                                  Path newClusterPasswordFile) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setOverrideWorkingDirectory(workDir.toFile())
                .setCleanDataDirectory(false)
                // Spring closes us after the event processors have stopped; no JVM hook of zonky's
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                // TCP on loopback only, no Unix socket (pg_ctl hands these to a shell: '' is the empty list)
                .setServerConfig("listen_addresses", "127.0.0.1,::1")
                .setServerConfig("unix_socket_directories", "''")
                .setConnectConfig("password", password);
        if (newClusterPasswordFile != null) {
            // zonky's only way to pass options to initdb; they follow its "-A trust", so they win over it
            builder.setLocaleConfig("pwfile", newClusterPasswordFile.toString())
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    // runs between initdb and the first start
                    .setDataDirectoryCustomizer(dir -> writeHba(pgData));
        }
        log.info("Starting embedded PostgreSQL in {}", pgData);
        return builder.start();
    }

    /** The password of the data directory's database, generated (32 random bytes) when there is none yet. */
    private static String passwordOf(Path file) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(Base64.getUrlEncoder().withoutPadding().encode(random)));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            log.info("Generated the password of the embedded PostgreSQL in {}", file);
        }
        try {
            // a copy restored from a backup may have lost its mode
            Files.setPosixFilePermissions(file, ownerOnly);
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the data directory's own protection applies
        }
        return Files.readString(file).trim();
    }

    private static void writeHba(Path pgData) {
        Path hba = pgData.resolve("pg_hba.conf");
        Path tmp = pgData.resolve("pg_hba.conf.tmp");
        try {
            Files.writeString(tmp, HBA);
            Files.move(tmp, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + hba, e);
        }
    }

    private static String readIfExists(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    /** Held while this server runs; the OS releases it when the JVM ends, even by {@code kill -9}. */
    private static FileChannel lockDataDirectory(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new DataDirectoryUnusable("Another LealUp server is running on the data directory " + dataDir
                    + " (LEALUP_DATA_DIR).", "Stop it first, or give this server a data directory of its own.");
        }
        return channel;
    }

    /**
     * A postmaster left running by a killed JVM still holds the data directory: stop it (SIGTERM, a smart
     * shutdown: its clients died with that JVM). Only a postgres started on this very directory is ours; a
     * pid file naming any other process is stale, and PostgreSQL's own shared-memory interlock still guards
     * against a postmaster we failed to recognise.
     */
    private static void stopStalePostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> isPostgresOf(p, pgData));
        if (postmaster.isEmpty()) {
            log.info("Removing stale {}", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("A PostgreSQL postmaster (pid {}) from an earlier run still holds {}; stopping it", process.pid(), pgData);
        process.destroy();
        try {
            process.onExit().get(STALE_POSTMASTER_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("Could not stop the stale postmaster " + process.pid() + " holding " + pgData, e);
        }
    }

    private static boolean isPostgresOf(ProcessHandle process, Path pgData) {
        ProcessHandle.Info info = process.info();
        return info.command().map(c -> c.endsWith("/postgres")).orElse(false)
                && info.arguments().map(args -> Arrays.asList(args).contains(pgData.toString())).orElse(false);
    }

    @Override
    public void close() throws IOException {
        log.info("Stopping embedded PostgreSQL");
        try {
            postgres.close();
        } finally {
            lock.close();
        }
    }
}
