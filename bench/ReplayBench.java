import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replay benchmark (run by bench/replay.sh), in three steps against one data directory:
 * <ol>
 * <li>{@code setup baseUrl operatorToken stateDir}: a workspace, and one customer created then changed over the API:
 * the templates of the generated events, in the exact stored format (payload, metadata) the server wrote.</li>
 * <li>{@code generate pgDataDir stateDir events}: with the server killed (its PostgreSQL lives on), copies the
 * templates into {@code events} events in {@code domain_event_entry} by SQL (half CustomerCreated, half
 * CustomerUpdated, one pair per new customer, ids and event ids replaced), past the store's sequence, and moves every
 * processor's token to the new head, so that the live processors do not handle them: only the replay does.</li>
 * <li>{@code measure baseUrl stateDir seconds}: the API's latencies (reads of a list page and of one customer, one
 * write in ten) from 4 clients for {@code seconds} without a replay, then the same load while the customers
 * projection (or {@code BENCH_PROJECTION}) is replayed through the API, until it is live again; prints events/s of the
 * replay and both p99s.</li>
 * </ol>
 */
public class ReplayBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    static final int CLIENTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_CLIENTS", "4"));
    /**
     * Requests per second of the API load, all clients together: a server serving its users, not one saturated by
     * them (each closed-loop client would take every cycle the replay leaves, and the replay's figure would measure
     * that). 0: closed loop, each client sending its next request as soon as the last answered.
     */
    static final int RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_API_RATE", "100"));
    /** Replays one after the other: the first after the restart, each later one on the code the first compiled. */
    static final int REPLAYS = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPLAYS", "2"));
    /** The projection replayed: any of {@code GET /v1/admin/projections}. */
    static final String PROJECTION = System.getenv().getOrDefault("BENCH_PROJECTION", "customers");
    /**
     * Instead of a replay: a processor (a policy too) whose token {@code generate} leaves before the generated events,
     * timed while it catches up with them after the restart.
     */
    static final String CATCH_UP = System.getenv().getOrDefault("BENCH_CATCH_UP", "");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> setup(args[1], args[2], Path.of(args[3]));
            case "generate" -> generate(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            case "measure" -> measure(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void setup(String base, String operator, Path state) throws Exception {
        String ws = send(base + "/v1/workspaces", operator, "POST", "{\"name\":\"bench\",\"tier\":\"enterprise\"}");
        String token = match(SECRET, ws);
        String id = match(ID, send(base + "/v1/customers", token, "POST",
                "{\"name\":\"Template Customer\",\"email_domain\":\"template.bench.test\",\"arr\":12000,"
                        + "\"status\":\"active\",\"renewal_date\":\"2027-06-30\"}"));
        send(base + "/v1/customers/" + id, token, "PATCH", "{\"arr\":15000,\"custom_fields\":{\"tier\":\"gold\"}}");
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            probes.add(match(ID, send(base + "/v1/customers", token, "POST",
                    "{\"name\":\"Probe " + i + "\",\"email_domain\":\"p" + i + ".bench.test\"}")));
        }
        Files.createDirectories(state);
        Files.writeString(state.resolve("token"), token);
        Files.writeString(state.resolve("template"), id);
        Files.write(state.resolve("probes"), probes);
    }

    static void generate(Path pgData, Path state, long events) throws Exception {
        String port = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
        String password = Files.readString(pgData.resolveSibling("postgres.password")).trim();
        String template = Files.readString(state.resolve("template")).trim();
        long customers = events / 2;
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", password); Statement sql = db.createStatement()) {
            long began = System.nanoTime();
            // past every index the server may hold in its pooled block of the sequence (50 at a time)
            long first;
            try (ResultSet rs = sql.executeQuery("SELECT nextval('domain_event_entry_seq') + 100")) {
                rs.next();
                first = rs.getLong(1);
            }
            sql.execute("SET synchronous_commit = off");
            // event i of the generated ones: customer i / 2, created (even) or updated (odd). Only the event's
            // customer id is replaced: its sealed personal data (docs/gdpr-erasure.md) still names the template, whose
            // key opens it as a real customer's key opens its own (a value naming a customer without a key reads as
            // erased, after a lookup of the key per value)

            sql.execute("""
                    INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload, payload_revision,
                        payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                    SELECT %d + g, gen_random_uuid()::text, t.meta_data,
                           convert_to(replace(convert_from(t.payload, 'UTF8'), '"customer_id":"%s"',
                               '"customer_id":"cus_bench' || lpad((g / 2)::text, 12, '0') || '"'), 'UTF8'),
                           t.payload_revision, t.payload_type, t.time_stamp, 'cus_bench' || lpad((g / 2)::text, 12, '0'),
                           t.sequence_number, t.type
                    FROM generate_series(0, %d) g
                    JOIN domain_event_entry t ON t.aggregate_identifier = '%s' AND t.sequence_number = g %% 2
                    """.formatted(first, template, customers * 2 - 1, template));
            long head = first + customers * 2 - 1;
            sql.execute("SELECT setval('domain_event_entry_seq', " + (head + 100) + ")");
            // every processor starts past the generated events: only the replay handles them
            int moved = sql.executeUpdate("""
                    UPDATE token_entry SET token = convert_to(regexp_replace(regexp_replace(convert_from(token, 'UTF8'),
                        '"index":-?[0-9]+', '"index":%d'), '"gaps":\\[[^]]*\\]', '"gaps":[]'), 'UTF8')
                    WHERE token_type LIKE '%%GapAwareTrackingToken' AND processor_name <> '%s'""".formatted(head, CATCH_UP));
            sql.execute("ANALYZE domain_event_entry");
            System.out.printf("generated %,d events (%,d customers created and updated) in %.1f s; head %d; %d tokens moved%n",
                    customers * 2, customers, (System.nanoTime() - began) / 1e9, head, moved);
        }
    }

    static void measure(String base, Path state, int seconds, Path pgData) throws Exception {
        String token = Files.readString(state.resolve("token")).trim();
        if (!CATCH_UP.isEmpty()) {
            catchUp(base, token, pgData);
            return;
        }
        List<String> probes = Files.readAllLines(state.resolve("probes"));
        load(base, token, probes, Duration.ofSeconds(10), null); // warm-up
        List<Long> idle = load(base, token, probes, Duration.ofSeconds(seconds), null);

        double scan = scanRate(pgData);
        String status = send(base + "/v1/admin/projections/" + PROJECTION, token, "GET", null);
        long events = Long.parseLong(match(Pattern.compile("\"head\":(\\d+)"), status)) + 1;
        String load = RATE == 0 ? "closed loop" : "at most " + RATE + " requests/s";
        System.out.printf("API p50/p99 without a replay: %.1f / %.1f ms (%d requests, %d clients, %s)%n",
                pct(idle, 50), pct(idle, 99), idle.size(), CLIENTS, load);
        System.out.printf("reference, same run: reading every event's payload from the store over JDBC (pages of "
                + "10,000): %,.0f events/s%n", scan);
        for (int replay = 1; replay <= REPLAYS; replay++) {
            List<Long> during = new ArrayList<>();
            double elapsed = replay(base, token, probes, during);
            System.out.printf("replay %d of %s (%s): %,d events in %.1f s = %,.0f events/s (from the POST until "
                            + "status live: the shadow build, its indexes and the swap); %.2f of the reference%n",
                    replay, PROJECTION, replay == 1 ? "the first since the server started" : "the server's code compiled by the one before",
                    events, elapsed, events / elapsed, events / elapsed / scan);
            System.out.printf("API p50/p99 during replay %d: %.1f / %.1f ms (%d requests, %d clients, %s)%n", replay,
                    pct(during, 50), pct(during, 99), during.size(), CLIENTS, load);
        }
        if (PROJECTION.equals("customers")) {
            System.out.printf("customers replayed with their personal data opened (the template's name): %,d%n",
                    templateNamed(pgData));
        }
    }

    /**
     * The catch-up of {@code BENCH_CATCH_UP}, from the first lag the API shows after the restart (the processor has
     * started on it already) until it shows none.
     */
    static void catchUp(String base, String token, Path pgData) throws Exception {
        Pattern lagOf = Pattern.compile("(\\{[^{}]*\"name\":\"" + Pattern.quote(CATCH_UP) + "\"[^{}]*\\})");
        Pattern lag = Pattern.compile("\"lag\":(\\d+)");
        long first = -1;
        long began = System.nanoTime();
        while (true) {
            long behind = Long.parseLong(match(lag, match(lagOf, send(base + "/v1/admin/projections", token, "GET",
                    null))));
            if (first < 0) {
                first = behind;
                began = System.nanoTime();
            }
            if (behind == 0) {
                break;
            }
            Thread.sleep(100);
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        double scan = scanRate(pgData);
        System.out.printf("catch-up of %s: %,d events in %.1f s = %,.0f events/s; reference, same run: reading every "
                + "event's payload from the store over JDBC: %,.0f events/s; %.3f of it%n", CATCH_UP, first, elapsed,
                first / elapsed, scan, first / elapsed / scan);
    }

    /** One blue/green replay through the API, timed from the POST until the status is live, with the API load meanwhile. */
    static double replay(String base, String token, List<String> probes, List<Long> latencies) throws Exception {
        long began = System.nanoTime();
        send(base + "/v1/admin/projections/" + PROJECTION + "/replay", token, "POST", "");
        AtomicBoolean replaying = new AtomicBoolean(true);
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        Future<Double> replayed = watcher.submit(() -> {
            while (true) {
                String s = send(base + "/v1/admin/projections/" + PROJECTION, token, "GET", null);
                if (s.contains("\"status\":\"live\"")) {
                    replaying.set(false);
                    return (System.nanoTime() - began) / 1e9;
                }
                if (s.contains("\"status\":\"failed\"")) {
                    replaying.set(false);
                    throw new IllegalStateException("replay failed: " + s);
                }
                Thread.sleep(100);
            }
        });
        latencies.addAll(load(base, token, probes, Duration.ofMinutes(30), replaying));
        double elapsed = replayed.get();
        watcher.shutdown();
        return elapsed;
    }

    static long templateNamed(Path pgData) throws Exception {
        String port = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
        String password = Files.readString(pgData.resolveSibling("postgres.password")).trim();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", password); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT count(*) FROM customer_view WHERE name = 'Template Customer'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The reference: how fast this machine, now, reads the event store's rows (payloads) through JDBC. */
    static double scanRate(Path pgData) throws Exception {
        String port = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
        String password = Files.readString(pgData.resolveSibling("postgres.password")).trim();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", password)) {
            db.setAutoCommit(false);
            long began = System.nanoTime();
            long rows = 0;
            long after = -1;
            while (true) {
                long last = after;
                int page = 0;
                try (var query = db.prepareStatement("SELECT global_index, payload, meta_data FROM domain_event_entry "
                        + "WHERE global_index > ? ORDER BY global_index LIMIT 10000")) {
                    query.setLong(1, after);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            last = rs.getLong(1);
                            rs.getBytes(2);
                            rs.getBytes(3);
                            page++;
                        }
                    }
                }
                rows += page;
                after = last;
                if (page == 0) {
                    break;
                }
            }
            db.commit();
            return rows / ((System.nanoTime() - began) / 1e9);
        }
    }

    /** Latencies (ns) of a read-mostly mix from CLIENTS clients, for {@code duration} or while {@code until} holds. */
    static List<Long> load(String base, String token, List<String> probes, Duration duration, AtomicBoolean until)
            throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long interval = RATE == 0 ? 0 : 1_000_000_000L * CLIENTS / RATE;
                long started = System.nanoTime();
                for (int i = 0; System.nanoTime() < end && (until == null || until.get()); i++) {
                    long due = started + i * interval;
                    while (System.nanoTime() < due) {
                        Thread.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
                    }
                    long t = System.nanoTime();
                    if (i % 10 == 9) {
                        send(base + "/v1/customers/" + probes.get(random.nextInt(probes.size())), token, "PATCH",
                                "{\"arr\":" + random.nextInt(1000, 100000) + "}");
                    } else if (i % 2 == 0) {
                        send(base + "/v1/customers?limit=50", token, "GET", null);
                    } else {
                        send(base + "/v1/customers/" + probes.get(random.nextInt(probes.size())), token, "GET", null);
                    }
                    latencies.add(System.nanoTime() - t);
                }
                return client;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        return new ArrayList<>(latencies);
    }

    static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    static String send(String url, String token, String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(pattern + " not in " + text);
        }
        return m.group(1);
    }
}
