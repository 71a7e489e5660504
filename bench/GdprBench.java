import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13 item 6 (docs/PERFORMANCE.md, "GDPR erasure"), against two servers of the same build started by
 * bench/gdpr.sh: one as deployed (personal data sealed with each customer's key) and the reference with
 * {@code lealup.gdpr.encrypt-events=false} (bench only).
 * <ol>
 * <li>Create throughput, sealed against clear: rounds of creates (16 clients) on each server in turn, so that the
 * machine's drift falls on both alike.</li>
 * <li>History of customers with 10,000 events: the events are one sealed change of the customer, made over HTTP,
 * copied by SQL to 10,000 (the same ciphertext, which opens with the customer's key as the original does); the
 * processors handle the copies as any event, and the snapshot processor writes the snapshots of the {@code as_of}
 * fold ahead of the reads: the bench waits for them and for every processor to catch up (GET
 * /v1/admin/projections), and times that. Then, after 20 warm-up requests on the reference customer, each other
 * customer's first {@code as_of} (1 client); on the reference customer the first page of the history (1, 4, 16 clients), and its {@code as_of} from the snapshots and cold (its snapshots
 * deleted before each: the fold of every event, as a first read did before the processor), in alternation; and a
 * history page after its 9,500th event, from the snapshot at the 9,000th and without snapshots, in alternation.</li>
 * <li>Erasure of a customer with 100,000 usage events: ingested over HTTP, then the {@code DELETE ?hard=true} and
 * the time until the usage log holds none of them.</li>
 * </ol>
 * Args: sealedUrl sealedToken sealedPgDir clearUrl clearToken creates rounds.
 */
public final class GdprBench {

    static final Pattern CUSTOMER = Pattern.compile("\"id\":\"(cus_[0-9A-Z]+)\"");
    static final int CLIENTS = 16;
    static final int EVENTS = 10_000;
    static final int USAGE = 100_000;
    /** Customers of EVENTS events: the reference customer, and 10 whose first as_of is timed. */
    static final int FIRSTS = 11;
    static final Pattern LAG = Pattern.compile("\"lag\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String sealed = args[0];
        String clear = args[3];
        String sealedToken = token(sealed, args[1]);
        String clearToken = token(clear, args[4]);
        int creates = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);

        System.out.println("== create throughput (" + CLIENTS + " clients, " + creates + " creates a round)");
        List<Double> sealedRates = new ArrayList<>();
        List<Double> clearRates = new ArrayList<>();
        creates(sealed, sealedToken, 300, "warm-up");
        creates(clear, clearToken, 300, "warm-up");
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // the order alternates, so that a drift of the machine within a round favours neither
            if (round % 2 == 1) {
                clearRates.add(creates(clear, clearToken, creates, "round " + round + " clear (reference)"));
                sealedRates.add(creates(sealed, sealedToken, creates, "round " + round + " sealed"));
            } else {
                sealedRates.add(creates(sealed, sealedToken, creates, "round " + round + " sealed"));
                clearRates.add(creates(clear, clearToken, creates, "round " + round + " clear (reference)"));
            }
            ratios.add(sealedRates.get(round - 1) / clearRates.get(round - 1));
        }
        System.out.printf("sealed / clear: median of the rounds' ratios %.1f %% (rounds: %s); medians %.1f/s and "
                        + "%.1f/s (aim: >= 90 %%)%n", 100 * median(ratios),
                ratios.stream().map(r -> String.format("%.0f %%", 100 * r)).toList(), median(sealedRates),
                median(clearRates));

        try (Connection db = connect(Path.of(args[2]))) {
            history(sealed, sealedToken, db);
            erasure(sealed, sealedToken, db);
        }
    }

    static void history(String base, String token, Connection db) throws Exception {
        // FIRSTS customers of EVENTS events each, appended as a client's would be (by SQL, then handled by every
        // processor as any event): the snapshot processor writes their snapshots ahead of any read
        List<String> customers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < FIRSTS; c++) {
            customers.add(customerWithEvents(base, token, db));
        }
        String customer = customers.get(0);
        AnalyticsBench.exec(db, "ANALYZE domain_event_entry");
        double copied = (System.nanoTime() - t0) / 1e9;
        System.out.printf("== history: %d customers of %,d events (%s: %,d; made and copied in %.1f s)%n", FIRSTS,
                EVENTS, customer, count(db, "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                        customer), copied);
        long copiedAt = System.nanoTime();
        String snapshotted = "SELECT count(*) FROM customer_record_snapshot WHERE customer_id = ANY (string_to_array(?, ','))";
        while (count(db, snapshotted, String.join(",", customers)) < (long) FIRSTS * (EVENTS / 1000)) {
            Thread.sleep(5);
        }
        double snapshots = (System.nanoTime() - copiedAt) / 1e9;
        double caughtUp = awaitProcessors(base, token, copiedAt);
        System.out.printf("snapshots written ahead by the processor: all %d within %.1f s of the copy; every "
                + "processor caught up with the %,d events after %.1f s%n", FIRSTS * (EVENTS / 1000), snapshots,
                FIRSTS * EVENTS, caughtUp);
        // each customer's very first as_of, with no read before it: from the snapshots the processor wrote; the code
        // warmed up first on the reference customer (whose as_of is measured below), as the other figures' warm-ups do
        String asOf = Instant.now().toString();
        for (int i = 0; i < 20; i++) {
            AnalyticsBench.send(base + "/v1/customers/" + customer + "?as_of=" + asOf, token, null);
        }
        List<Long> first = new ArrayList<>();
        for (String c : customers.subList(1, customers.size())) {
            long s = System.nanoTime();
            String body = AnalyticsBench.send(base + "/v1/customers/" + c + "?as_of=" + asOf, token, null);
            first.add(System.nanoTime() - s);
            if (!body.contains("History Person Renamed")) {
                throw new IllegalStateException("as_of did not fold the events: " + body);
            }
        }
        System.out.printf("GET /v1/customers/{id}?as_of= (%,d events, 1 client), each customer's first (%d "
                + "customers): %s%n", EVENTS, FIRSTS - 1, percentiles(first));
        // the latency of one request alone, then as more clients share the 2 cores (16 saturate them: the reference's
        // p99 is then mostly queueing)
        for (int clients : new int[] {1, 4, 16}) {
            AnalyticsBench.run(base, token, 2000, clients, "GET /actuator/health/liveness (reference)",
                    () -> "/actuator/health/liveness");
            AnalyticsBench.run(base, token, 2000, clients,
                    "GET /v1/customers/{id}/history (first page of " + EVENTS + " events)",
                    () -> "/v1/customers/" + customer + "/history");
        }
        // the as_of fold of every event: from the snapshots (every 1,000 events), and, in alternation so that drift
        // falls on both, cold: the customer's snapshots deleted first, so that the fold reads all 10,000 events and
        // writes the 10 snapshots again (as every first as_of did before the processor wrote them ahead)
        List<Long> warm = new ArrayList<>();
        List<Long> cold = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            boolean fromScratch = i % 2 == 0;
            if (fromScratch) {
                AnalyticsBench.exec(db, "DELETE FROM customer_record_snapshot WHERE customer_id = ?", customer);
            }
            long s = System.nanoTime();
            String body = AnalyticsBench.send(base + "/v1/customers/" + customer + "?as_of=" + asOf, token, null);
            if (i >= 20) { // the first ones warm the code up
                (fromScratch ? cold : warm).add(System.nanoTime() - s);
            }
            if (!body.contains("History Person Renamed")) {
                throw new IllegalStateException("as_of did not fold the events: " + body);
            }
        }
        System.out.printf("GET /v1/customers/{id}?as_of= (%,d events, 1 client), from the snapshots: %s%n", EVENTS,
                percentiles(warm));
        System.out.printf("GET /v1/customers/{id}?as_of= (%,d events, 1 client), cold (folds every event, writes the "
                + "snapshots): %s%n", EVENTS, percentiles(cold));
        // a history page deep in the stream (after the 9,500th event): from the snapshot at the 9,000th (500 events
        // read before the page), and, alternating, without snapshots (9,500 events read before the page; an untimed
        // as_of then writes the snapshots again)
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sequence\":\"9499\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Long> deepWarm = new ArrayList<>();
        List<Long> deepCold = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean fromScratch = i % 2 == 0;
            if (fromScratch) {
                AnalyticsBench.exec(db, "DELETE FROM customer_record_snapshot WHERE customer_id = ?", customer);
            }
            long s = System.nanoTime();
            String body = AnalyticsBench.send(base + "/v1/customers/" + customer + "/history?cursor=" + cursor, token,
                    null);
            if (i >= 10) {
                (fromScratch ? deepCold : deepWarm).add(System.nanoTime() - s);
            }
            if (!body.contains("\"version\":9501")) {
                throw new IllegalStateException("the page after the cursor: " + body);
            }
            if (fromScratch) {
                AnalyticsBench.send(base + "/v1/customers/" + customer + "?as_of=" + asOf, token, null);
            }
        }
        System.out.printf("GET /v1/customers/{id}/history?cursor= (after event 9,500 of %,d, 1 client), from the "
                + "snapshot at 9,000: %s%n", EVENTS, percentiles(deepWarm));
        System.out.printf("GET /v1/customers/{id}/history?cursor= (after event 9,500 of %,d, 1 client), without "
                + "snapshots (reads from the first event): %s%n", EVENTS, percentiles(deepCold));
        // the most a fold from a snapshot reads: 999 events after the last one
        AnalyticsBench.exec(db, """
                INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload, payload_revision,
                    payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                SELECT nextval('domain_event_entry_seq'), gen_random_uuid()::text, e.meta_data, e.payload,
                    e.payload_revision, e.payload_type, e.time_stamp, e.aggregate_identifier, ? + s, e.type
                FROM domain_event_entry e, generate_series(1, 999) s
                WHERE e.aggregate_identifier = ? AND e.sequence_number = 1""", EVENTS - 1, customer);
        awaitProcessors(base, token, System.nanoTime());
        List<Long> tail = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long s = System.nanoTime();
            String body = AnalyticsBench.send(base + "/v1/customers/" + customer + "?as_of=" + asOf, token, null);
            if (i >= 10) {
                tail.add(System.nanoTime() - s);
            }
            if (!body.contains("\"version\":" + (EVENTS + 999))) {
                throw new IllegalStateException("as_of did not fold the events: " + body);
            }
        }
        System.out.printf("GET /v1/customers/{id}?as_of= (%,d events, 1 client), from the last snapshot and the 999 "
                + "events after it: %s%n", EVENTS + 999, percentiles(tail));
    }

    /** A customer renamed over HTTP, the rename copied by SQL to EVENTS events (the same sealed values). */
    static String customerWithEvents(String base, String token, Connection db) throws Exception {
        String customer = create(base, token, "History Person", "history-" + System.nanoTime() + ".example");
        HttpResponse<String> renamed = AnalyticsBench.HTTP.send(HttpRequest.newBuilder(
                        URI.create(base + "/v1/customers/" + customer))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"History Person Renamed\",\"custom_fields\":{\"phone\":\"+34600000000\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (renamed.statusCode() != 200) {
            throw new IllegalStateException("rename: " + renamed.statusCode() + " " + renamed.body());
        }
        AnalyticsBench.exec(db, """
                INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload, payload_revision,
                    payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                SELECT nextval('domain_event_entry_seq'), gen_random_uuid()::text, e.meta_data, e.payload,
                    e.payload_revision, e.payload_type, e.time_stamp, e.aggregate_identifier, 1 + s, e.type
                FROM domain_event_entry e, generate_series(1, ?) s
                WHERE e.aggregate_identifier = ? AND e.sequence_number = 1""", EVENTS - 2, customer);
        return customer;
    }

    /** Seconds from {@code since} until every processor has handled every event (GET /v1/admin/projections). */
    static double awaitProcessors(String base, String token, long since) throws Exception {
        while (true) {
            Matcher lag = LAG.matcher(AnalyticsBench.send(base + "/v1/admin/projections", token, null));
            boolean behind = false;
            while (lag.find()) {
                behind |= Long.parseLong(lag.group(1)) > 0;
            }
            double seconds = (System.nanoTime() - since) / 1e9;
            if (!behind) {
                return seconds;
            }
            if (seconds > 600) {
                throw new IllegalStateException("the processors did not catch up in 10 minutes");
            }
            Thread.sleep(20);
        }
    }

    static String percentiles(List<Long> nanos) {
        Collections.sort(nanos);
        return String.format("p50 %.1f ms  p99 %.1f ms  max %.1f ms (%d requests)", nanos.get(nanos.size() / 2) / 1e6,
                nanos.get((int) Math.ceil(nanos.size() * 0.99) - 1) / 1e6, nanos.get(nanos.size() - 1) / 1e6,
                nanos.size());
    }

    static void erasure(String base, String token, Connection db) throws Exception {
        String domain = "erased-" + System.nanoTime() + ".example";
        String customer = create(base, token, "Erased Person", domain);
        long t0 = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> batches = new ArrayList<>();
        String now = Instant.now().toString();
        for (int b = 0; b < USAGE / 1000; b++) {
            StringBuilder events = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 1000; i++) {
                events.append(i == 0 ? "" : ",").append("{\"type\":\"feature_used\",\"customer_id\":\"").append(customer)
                        .append("\",\"contact_email\":\"person").append(i).append("@").append(domain)
                        .append("\",\"timestamp\":\"").append(now).append("\",\"properties\":{\"page\":\"/settings/")
                        .append(b).append("/").append(i).append("\"}}");
            }
            events.append("]}");
            batches.add(clients.submit(() -> AnalyticsBench.send(base + "/v1/events", token, events.toString())));
        }
        for (Future<?> batch : batches) {
            batch.get();
        }
        clients.shutdown();
        long logged = count(db, "SELECT coalesce(sum(event_count), 0) FROM usage_log WHERE customer_id = ?", customer);
        System.out.printf("== erasure: %s has %,d usage events (ingested in %.1f s)%n", customer, logged,
                (System.nanoTime() - t0) / 1e9);
        long start = System.nanoTime();
        HttpResponse<String> response = AnalyticsBench.HTTP.send(HttpRequest.newBuilder(
                        URI.create(base + "/v1/customers/" + customer + "?hard=true"))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (response.statusCode() != 204) {
            throw new IllegalStateException("erasure: " + response.statusCode() + " " + response.body());
        }
        while (count(db, "SELECT count(*) FROM usage_log WHERE customer_id = ?", customer) > 0
                || count(db, "SELECT count(*) FROM customer_view WHERE id = ?", customer) > 0) {
            Thread.sleep(5);
        }
        long done = System.nanoTime();
        System.out.printf("DELETE ?hard=true answered in %.0f ms; usage log and read models empty after %.0f ms "
                + "(aim: < 5 s)%n", (answered - start) / 1e6, (done - start) / 1e6);
    }

    static double creates(String base, String token, int creates, String label) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        long run = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(clients.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < creates) {
                    create(base, token, "Person " + run + " " + i, "p" + run + "-" + i + ".example");
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        clients.shutdown();
        double rate = creates / ((System.nanoTime() - run) / 1e9);
        System.out.printf("%-40s %7.1f creates/s%n", label, rate);
        return rate;
    }

    static String create(String base, String token, String name, String domain) throws Exception {
        return AnalyticsBench.match(CUSTOMER, AnalyticsBench.send(base + "/v1/customers", token,
                "{\"name\":\"" + name + "\",\"email_domain\":\"" + domain + "\",\"arr\":12000,"
                        + "\"custom_fields\":{\"contact\":\"someone@" + domain + "\",\"seats\":12}}"));
    }

    static String token(String base, String operatorToken) throws Exception {
        return AnalyticsBench.match(AnalyticsBench.SECRET, AnalyticsBench.send(base + "/v1/workspaces", operatorToken,
                "{\"name\":\"bench\",\"tier\":\"enterprise\"}"));
    }

    static Connection connect(Path pgData) throws Exception {
        String port = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
        String password = Files.readString(pgData.resolveSibling("postgres.password")).trim();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password);
    }

    static long count(Connection db, String sql, String parameter) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private GdprBench() {
    }
}
