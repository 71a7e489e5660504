package com.lealup.app.e2e;

import com.lealup.app.support.HttpClientSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code app/target/lealup.jar}) run as a user runs it: {@code java -jar}, configured
 * through environment variables only, its output in a log file of its own.
 */
final class PackagedServer {

    static final String OPERATOR_TOKEN = "op_e2e_operator_token";
    static final String BOOTSTRAP_TOKEN = "lk_e2e_bootstrap_token_0123456789";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR\\b");
    private static final HttpClient HEALTH_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final Instant launched = Instant.now();
    private Duration startup;

    private PackagedServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on a free port with {@code dataDir} and {@code extraEnv}, and waits until it is healthy. */
    static PackagedServer start(Path dataDir, Path log, Map<String, String> extraEnv) throws IOException {
        PackagedServer server = launch(dataDir, log, extraEnv);
        server.awaitHealthy();
        return server;
    }

    /** Starts the jar on a free port with {@code dataDir} and {@code extraEnv}, without waiting for anything. */
    static PackagedServer launch(Path dataDir, Path log, Map<String, String> extraEnv) throws IOException {
        Path jar = Path.of(System.getProperty("lealup.jar", "target/lealup.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the IT runs after `package`");
        }
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(
                // C1 only: a third faster start on this small machine, and nothing under test depends on the JIT
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LEALUP_"));
        env.put("LEALUP_DATA_DIR", dataDir.toString());
        env.put("LEALUP_PORT", Integer.toString(port));
        env.put("LEALUP_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("LEALUP_BOOTSTRAP_TOKEN", BOOTSTRAP_TOKEN);
        env.putAll(extraEnv);
        return new PackagedServer(builder.start(), port, log);
    }

    HttpClientSupport http() {
        return new HttpClientSupport("http://localhost:" + port);
    }

    long pid() {
        return process.pid();
    }

    /** From the launch until the server was healthy. */
    Duration startup() {
        return startup;
    }

    /** Ctrl-C / {@code docker stop}: SIGTERM, then the exit code once the JVM is gone. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within " + SHUTDOWN_TIMEOUT + " of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    /** The exit code of a server that is expected to stop by itself. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not exit within " + STARTUP_TIMEOUT + "; see " + log);
        }
        return process.exitValue();
    }

    /** {@code kill -9}: nothing of the server runs its shutdown, so the PostgreSQL it started lives on. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    List<String> errorLines() {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> ERROR_LINE.matcher(line).find()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Never leaves a test's servers or their PostgreSQL running on the machine, whatever failed: kills every server
     * still alive, then stops the postmaster of each data directory (a killed server leaves its own running).
     */
    static void stopEverything(List<PackagedServer> servers, List<Path> dataDirs) throws Exception {
        for (PackagedServer server : servers) {
            if (server.isAlive()) {
                server.kill();
            }
        }
        for (Path dataDir : dataDirs) {
            Optional<ProcessHandle> postmaster = postmaster(dataDir);
            if (postmaster.isPresent()) {
                postmaster.get().destroy();
                postmaster.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The postmaster recorded in the embedded database's pid file, if it is a running postgres. */
    static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    /** Waits until a server {@link #launch launched} is healthy; several launched at once start side by side. */
    PackagedServer awaitHealthy() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<String> response = HEALTH_CLIENT.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    startup = Duration.between(launched, Instant.now());
                    return this;
                }
            } catch (IOException notListeningYet) {
                // Tomcat opens its port late in the start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(250));
        }
        process.destroyForcibly();
        throw new AssertionError("the server was not healthy within " + STARTUP_TIMEOUT + "; see " + log);
    }

    /**
     * A database {@code lealup} owned by role {@code lealup}, reachable over TCP with its password only (the
     * embedded server trusts everyone by default, which would not prove the password is passed on); its JDBC URL.
     */
    static String prepareDatabaseWithPasswordLogin(EmbeddedPostgres postgres) throws SQLException, IOException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE lealup LOGIN PASSWORD 'e2e-secret'");
            sql.execute("CREATE DATABASE lealup OWNER lealup");
            try (ResultSet hba = sql.executeQuery("SHOW hba_file")) {
                hba.next();
                Files.writeString(Path.of(hba.getString(1)), """
                        local all all trust
                        host all postgres 127.0.0.1/32 trust
                        host all postgres ::1/128 trust
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """);
            }
            sql.execute("SELECT pg_reload_conf()");
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/lealup";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
