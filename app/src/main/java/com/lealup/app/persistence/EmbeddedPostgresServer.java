package com.lealup.app.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 run by the server itself (standalone mode), its data kept in a directory of ours.
 * Durable: fsync and synchronous_commit on. Survives a {@code kill -9} of the JVM: the postmaster it
 * leaves behind is stopped before the next start. One server per data directory: a second one started on
 * it stops at once (an OS file lock, released by the OS however the holder ends), instead of stopping the
 * first one's database as if it were left over.
 */
public final class EmbeddedPostgresServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STALE_POSTMASTER_STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String LOCK_FILE = "lealup.lock";

    private final EmbeddedPostgres postgres;
    private final FileChannel lock;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel lock) {
        this.postgres = postgres;
        this.lock = lock;
    }

    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) throws IOException {
        Path dataDir = dataDirectory.toAbsolutePath().normalize();
        Path pgData = dataDir.resolve("postgres");
        Path workDir = dataDir.resolve("postgres-binaries");
        Files.createDirectories(workDir);
        FileChannel lock = lockDataDirectory(dataDir);
        try {
            stopStalePostmaster(pgData);
            return new EmbeddedPostgresServer(startPostgres(pgData, workDir, durable), lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedPostgres startPostgres(Path pgData, Path workDir, boolean durable) throws IOException {
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
                .setServerConfig("full_page_writes", durable ? "on" : "off");
        log.info("Starting embedded PostgreSQL in {}", pgData);
        return builder.start();
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public int port() {
        return postgres.getPort();
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
            throw new IllegalStateException("Another LealUp server is running on the data directory " + dataDir
                    + " (LEALUP_DATA_DIR): stop it first, or give this one a directory of its own");
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
