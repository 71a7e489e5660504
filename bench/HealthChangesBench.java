import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.regex.Pattern;

/**
 * Issue 20's figure: the explained changes of one customer with 5,000 score changes, first page (50 entries), with
 * 16 clients; and, in the same run, a trivial endpoint of the same server as the reference. The score rows go
 * straight into {@code health_change} (the rows the projection writes for such a history: five dimensions with
 * their signals, the score moving every time), as the analytics bench loads its read models.
 * Args: baseUrl operatorToken pgDataDir requests. Built with AnalyticsBench, whose load runner it uses.
 */
public final class HealthChangesBench {

    static final int CHANGES = 5_000;
    static final Pattern CUSTOMER = Pattern.compile("\"id\":\"(cus_[0-9A-Z]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String ws = AnalyticsBench.send(base + "/v1/workspaces", args[1], "{\"name\":\"bench\",\"tier\":\"enterprise\"}");
        String token = AnalyticsBench.match(AnalyticsBench.SECRET, ws);
        String workspaceId = AnalyticsBench.match(AnalyticsBench.WORKSPACE, ws);
        String customer = AnalyticsBench.match(CUSTOMER, AnalyticsBench.send(base + "/v1/customers", token,
                "{\"name\":\"Bench\",\"email_domain\":\"bench.example\",\"arr\":50000,\"status\":\"active\"}"));
        int requests = Integer.parseInt(args[3]);
        String port = Files.readAllLines(Path.of(args[2]).resolve("postmaster.pid")).get(3).trim();
        // the embedded database's generated password, kept next to its data directory
        String password = Files.readString(Path.of(args[2]).resolveSibling("postgres.password")).trim();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password)) {
            AnalyticsBench.exec(db, """
                    INSERT INTO health_change (customer_id, calculation, workspace_id, calculated_at, score, previous_score,
                        status, previous_status, model_version, trigger, dimensions)
                    SELECT ?, c, ?, now() - make_interval(hours => ? - c), 40 + (c * 7) % 50,
                        CASE WHEN c = 1 THEN NULL ELSE 40 + ((c - 1) * 7) % 50 END, 'neutral', 'neutral', 1, 'events',
                        json_build_array(
                            json_build_object('key', 'product_usage', 'weight', 30, 'score', (c * 7) % 100,
                                'contribution', 0.3 * ((c * 7) % 100),
                                'signals', json_build_object('events_30d', c % 400, 'previous_30d', (c + 1) % 400, 'seats', 25)),
                            json_build_object('key', 'engagement', 'weight', 20, 'score', (c * 3) % 100,
                                'contribution', 0.2 * ((c * 3) % 100),
                                'signals', json_build_object('days_since_touchpoint', c % 60)),
                            json_build_object('key', 'support', 'weight', 20, 'score', 100 - c % 50,
                                'contribution', 0.2 * (100 - c % 50),
                                'signals', json_build_object('open_tickets', json_build_object('high', c % 3, 'normal', c % 5, 'low', c % 2))),
                            json_build_object('key', 'nps', 'weight', 15, 'score', (c % 11) * 10,
                                'contribution', 1.5 * (c % 11), 'signals', json_build_object('latest', c % 11)),
                            json_build_object('key', 'financial', 'weight', 15, 'score', CASE WHEN c % 9 = 0 THEN 40 ELSE 100 END,
                                'contribution', CASE WHEN c % 9 = 0 THEN 6 ELSE 15 END,
                                'signals', json_build_object('overdue_invoices', CASE WHEN c % 9 = 0 THEN 1 ELSE 0 END))
                        )
                    FROM generate_series(1, ?) c""", customer, workspaceId, CHANGES, CHANGES);
            // the statistics autovacuum would gather after such a history (the rows arrive at once here)
            AnalyticsBench.exec(db, "ANALYZE health_change");
        }
        System.out.printf("loaded %,d score changes of %s%n", CHANGES, customer);
        // the latency of one request alone, then as more clients share the 2 cores (16 saturate them: the reference's
        // p99 is then mostly queueing)
        for (int clients : new int[] {1, 4, 16}) {
            AnalyticsBench.run(base, token, requests, clients, "GET /actuator/health/liveness (reference)",
                    () -> "/actuator/health/liveness");
            AnalyticsBench.run(base, token, requests, clients,
                    "GET /v1/customers/{id}/health/changes (first page of " + CHANGES + ")",
                    () -> "/v1/customers/" + customer + "/health/changes");
        }
    }

    private HealthChangesBench() {
    }
}
