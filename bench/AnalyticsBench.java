import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Analytics benchmark (run by bench/analytics.sh against a running server).
 * 1. Loads one workspace's analytics read models straight into their tables, as the projections would have written
 *    them for 100,000 customers with 10 state changes each (1,000,000 changes of status, ARR, health; some deletions)
 *    spread over the last two years: the dated states first, then the daily changes and the cohort changes derived
 *    from them by the projections' own rules, and the renewals. The customers do not exist as aggregates, which does
 *    not matter for reading.
 * 2. Times each endpoint (portfolio now and as of random dates, renewals, month cohorts, quarter cohorts as of random
 *    dates) with 16 clients, closed loop: p50, p99, requests/s.
 * Args: baseUrl operatorToken pgDataDir requestsPerEndpoint
 */
public class AnalyticsBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int CUSTOMERS = 100_000;
    static final int CHANGES_PER_CUSTOMER = 10;
    static final int CLIENTS = 16;
    static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    static final Pattern WORKSPACE = Pattern.compile("\"workspace\":\\{\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String ws = send(base + "/v1/workspaces", args[1], "{\"name\":\"bench\",\"tier\":\"enterprise\"}");
        String token = match(SECRET, ws);
        String workspaceId = match(WORKSPACE, ws);
        int requests = Integer.parseInt(args[3]);
        String port = Files.readAllLines(Path.of(args[2]).resolve("postmaster.pid")).get(3).trim();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        LocalDate start = today.minusDays(730);
        // the embedded database's generated password, kept next to its data directory
        String password = Files.readString(Path.of(args[2]).resolveSibling("postgres.password")).trim();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password)) {
            long t0 = System.nanoTime();
            load(db, workspaceId, start);
            System.out.printf("loaded %,d customers, %,d states in %d s%n", CUSTOMERS, CUSTOMERS * CHANGES_PER_CUSTOMER,
                    (System.nanoTime() - t0) / 1_000_000_000);
        }
        Supplier<String> pastDate = () -> start.plusDays(ThreadLocalRandom.current().nextInt(731)).toString();
        // the reference: a trivial endpoint of the same server, through the same Tomcat, in the same minute
        run(base, token, requests, "GET /actuator/health/liveness (reference)", () -> "/actuator/health/liveness");
        run(base, token, requests, "GET /v1/analytics/portfolio", () -> "/v1/analytics/portfolio");
        run(base, token, requests, "GET /v1/analytics/portfolio?as_of=<random day of 2 years>",
                () -> "/v1/analytics/portfolio?as_of=" + pastDate.get());
        run(base, token, requests, "GET /v1/analytics/renewals (next 12 months)", () -> "/v1/analytics/renewals");
        run(base, token, requests, "GET /v1/analytics/cohorts (month, 12 out)", () -> "/v1/analytics/cohorts");
        run(base, token, requests, "GET /v1/analytics/cohorts?cohort_period=quarter&months_out=36&as_of=<random>",
                () -> "/v1/analytics/cohorts?cohort_period=quarter&months_out=36&as_of=" + pastDate.get());
        // again at the end: how far the machine drifted over the run
        run(base, token, requests, "GET /actuator/health/liveness (reference, again)", () -> "/actuator/health/liveness");
    }

    static void load(Connection db, String ws, LocalDate start) throws Exception {
        // the dated states: change k of customer g on a spread-out day of the two years, consecutive states chained
        exec(db, """
                INSERT INTO analytics_portfolio_interval (customer_id, valid_from, valid_to, workspace_id, status, arr,
                    health_status, health_score, deleted)
                SELECT customer_id, valid_from, lead(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from),
                    ?, status, arr, health_status, health_score, deleted
                FROM (SELECT 'cus_bench' || lpad(g::text, 22, '0') AS customer_id,
                          CAST(? AS date) + (k * 73 + (g * 7 + k * 13) % 73) + make_interval(secs => g % 86400) AS valid_from,
                          CASE WHEN k = 0 AND g % 5 = 0 THEN 'trial' WHEN (g + k) % 11 = 0 THEN 'churned'
                               WHEN (g + k) % 13 = 0 THEN 'paused' ELSE 'active' END AS status,
                          (1000 + (g * 37 + k * 1001) % 200000) + (g % 100) / 100.0 AS arr,
                          CASE WHEN k = 0 THEN NULL WHEN (g + k) % 4 = 0 THEN 'at_risk'
                               WHEN (g + k) % 4 = 1 THEN 'neutral' ELSE 'healthy' END AS health_status,
                          CASE WHEN k = 0 THEN NULL ELSE (g * 31 + k) % 100 END AS health_score,
                          (k = 5 AND g % 50 = 0) OR (k = 9 AND g % 100 = 0) AS deleted
                      FROM generate_series(1, 100000) g, generate_series(0, 9) k) s""", ws, start);
        exec(db, """
                INSERT INTO analytics_portfolio_customer (customer_id, workspace_id, name, version, health_calculation,
                    status, arr, health_status, health_score, deleted, purged, state_from)
                SELECT customer_id, workspace_id, 'Customer ' || customer_id, 10, 9, status, arr, health_status,
                    health_score, deleted, FALSE, valid_from
                FROM analytics_portfolio_interval WHERE workspace_id = ? AND valid_to IS NULL""", ws);
        // the daily changes: each state counted from its day, uncounted from the next one's (deleted ones nowhere)
        exec(db, """
                INSERT INTO analytics_portfolio_change (workspace_id, day, status, health_status, customers, arr)
                SELECT workspace_id, day, status, health, SUM(n), SUM(a) FROM (
                    SELECT workspace_id, valid_from::date AS day, status, COALESCE(health_status, 'unknown') AS health,
                        1 AS n, arr AS a
                    FROM analytics_portfolio_interval WHERE workspace_id = ? AND NOT deleted
                    UNION ALL
                    SELECT workspace_id, valid_to::date, status, COALESCE(health_status, 'unknown'), -1, -arr
                    FROM analytics_portfolio_interval WHERE workspace_id = ? AND NOT deleted AND valid_to IS NOT NULL) x
                GROUP BY 1, 2, 3, 4""", ws, ws);
        // the cohort changes: joining at the first active state, then each state's change of the retained count and ARR
        exec(db, """
                INSERT INTO analytics_cohort_change (workspace_id, cohort_month, day, size, starting_arr, customers, arr)
                WITH joined AS (
                    SELECT customer_id, min(valid_from) AS at FROM analytics_portfolio_interval
                    WHERE workspace_id = ? AND status = 'active' AND NOT deleted GROUP BY 1),
                member AS (
                    SELECT i.customer_id, date_trunc('month', j.at)::date AS cohort, i.valid_from, i.arr,
                        i.valid_from = j.at AS joins,
                        CASE WHEN i.status <> 'churned' AND NOT i.deleted THEN 1 ELSE 0 END AS n,
                        CASE WHEN i.status <> 'churned' AND NOT i.deleted THEN i.arr ELSE 0 END AS a
                    FROM analytics_portfolio_interval i JOIN joined j USING (customer_id) WHERE i.valid_from >= j.at),
                delta AS (
                    SELECT cohort, valid_from::date AS day, CASE WHEN joins THEN 1 ELSE 0 END AS size,
                        CASE WHEN joins THEN arr ELSE 0 END AS starting_arr,
                        n - COALESCE(lag(n) OVER w, 0) AS n, a - COALESCE(lag(a) OVER w, 0) AS a
                    FROM member WINDOW w AS (PARTITION BY customer_id ORDER BY valid_from))
                SELECT ?, cohort, day, SUM(size), SUM(starting_arr), SUM(n), SUM(a) FROM delta GROUP BY 2, 3""", ws, ws);
        // their sums per month, as the projections keep them beside the daily changes
        exec(db, """
                INSERT INTO analytics_portfolio_month (workspace_id, month, status, health_status, customers, arr)
                SELECT workspace_id, date_trunc('month', day)::date, status, health_status, SUM(customers), SUM(arr)
                FROM analytics_portfolio_change WHERE workspace_id = ? GROUP BY 1, 2, 3, 4""", ws);
        exec(db, """
                INSERT INTO analytics_cohort_month (workspace_id, cohort_month, month, size, starting_arr, customers, arr)
                SELECT workspace_id, cohort_month, date_trunc('month', day)::date, SUM(size), SUM(starting_arr),
                    SUM(customers), SUM(arr)
                FROM analytics_cohort_change WHERE workspace_id = ? GROUP BY 1, 2, 3""", ws);
        exec(db, """
                INSERT INTO analytics_renewal (customer_id, workspace_id, version, status, arr, renewal_date,
                    forecast_category, deleted)
                SELECT customer_id, workspace_id, 10, status, arr, CURRENT_DATE + (hashtext(customer_id) & 1023) % 730,
                    (ARRAY['pipeline', 'best_case', 'commit', 'closed', 'omitted'])[1 + (hashtext(customer_id) & 1023) % 5],
                    deleted
                FROM analytics_portfolio_customer WHERE workspace_id = ?""", ws);
        exec(db, """
                INSERT INTO analytics_renewal_day (workspace_id, renewal_date, forecast_category, customers, arr)
                SELECT workspace_id, renewal_date, forecast_category, COUNT(*), SUM(arr) FROM analytics_renewal
                WHERE workspace_id = ? AND status <> 'churned' AND NOT deleted GROUP BY 1, 2, 3""", ws);
        // what a running system's autovacuum and checkpointer would have done over the two years these rows took
        db.createStatement().execute("VACUUM (ANALYZE)");
        db.createStatement().execute("CHECKPOINT");
    }

    static void exec(Connection db, String sql, Object... parameters) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    static void run(String base, String token, int requests, String name, Supplier<String> path) throws Exception {
        run(base, token, requests, CLIENTS, name, path);
    }

    /** {@code requests} GETs of {@code path} from {@code concurrency} closed-loop clients, after 200 of warm-up. */
    static void run(String base, String token, int requests, int concurrency, String name, Supplier<String> path)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < 200; i++) { // warm-up
            send(base + path.get(), token, null);
        }
        List<Future<List<Long>>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            futures.add(clients.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < requests / concurrency; i++) {
                    long s = System.nanoTime();
                    send(base + path.get(), token, null);
                    latencies.add(System.nanoTime() - s);
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        clients.shutdown();
        Collections.sort(all);
        System.out.printf("%-80s %2d clients %6.1f req/s  p50 %6.1f ms  p99 %6.1f ms%n", name, concurrency, all.size() / seconds,
                all.get(all.size() / 2) / 1e6, all.get((int) Math.ceil(all.size() * 0.99) - 1) / 1e6);
    }

    static String send(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(120));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return m.group(1);
    }
}
