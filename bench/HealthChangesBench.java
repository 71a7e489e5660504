import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Issue 20's figure: the explained changes of one customer with 5,000 score changes, first page (50 entries), with
 * 1, 4 and 16 clients; and, in the same run, a trivial endpoint of the same server and the customer itself
 * ({@code GET /v1/customers/{id}}: authentication, rate limit, a query over the query bus, a small JSON answer) as the
 * references. The 5,000 scores go into the event store by SQL as the {@code HealthScoreCalculated} events the server
 * writes (five dimensions with their signals, the score moving every time), and the server's own processors handle
 * them, so {@code health_change} holds exactly what the projection writes for such a history.
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
            long began = System.nanoTime();
            // the stored format of the event (EventFormat: the record in snake_case, revision 2), published outside
            // any aggregate (its own identifier, sequence 0); the metadata of the customer's creation
            AnalyticsBench.exec(db, """
                    INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision, payload_type,
                        time_stamp, aggregate_identifier, sequence_number, type)
                    SELECT e.id, t.meta_data, convert_to(json_build_object('customer_id', ?, 'workspace_id', ?,
                            'calculation', c, 'score', 40 + (c * 7) % 50, 'status', 'neutral',
                            'previous_score', CASE WHEN c = 1 THEN NULL ELSE 40 + ((c - 1) * 7) % 50 END,
                            'previous_status', CASE WHEN c = 1 THEN NULL ELSE 'neutral' END, 'model_version', 1,
                            'dimensions', json_build_array(
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
                                    'signals', json_build_object('overdue_invoices', CASE WHEN c % 9 = 0 THEN 1 ELSE 0 END))),
                            'calculated_at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                            'trigger', 'events')::text, 'UTF8'),
                        '2', 'com.lealup.api.health.HealthScoreCalculated',
                        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.id, 0, NULL
                    FROM generate_series(1, ?) c
                    CROSS JOIN LATERAL (SELECT gen_random_uuid()::text AS id,
                        now() - make_interval(hours => ? - c) AS at) e
                    CROSS JOIN (SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?
                        ORDER BY sequence_number LIMIT 1) t
                    ORDER BY c""", customer, workspaceId, CHANGES, CHANGES, customer);
            long head = single(db, "SELECT max(global_index) FROM domain_event_entry");
            // every processor past them (the others handle them too: the customer's current score, analytics...), so
            // that none works while the clients measure
            long behind;
            while ((behind = single(db, """
                    SELECT count(*) FROM token_entry WHERE token IS NULL OR COALESCE(substring(convert_from(token, 'UTF8')
                        FROM '"index":([0-9]+)')::bigint, 0) < """ + head)) > 0) {
                if (System.nanoTime() - began > 600e9) {
                    throw new IllegalStateException(behind + " processors did not reach the events in 10 minutes");
                }
                Thread.sleep(200);
            }
            long rows = single(db, "SELECT count(*) FROM health_change WHERE customer_id = '" + customer + "'");
            if (rows != CHANGES) {
                throw new IllegalStateException(rows + " score changes projected, not " + CHANGES);
            }
            // the statistics autovacuum would gather after such a history (the rows arrive at once here)
            AnalyticsBench.exec(db, "ANALYZE health_change");
            System.out.printf("%,d score changes of %s stored and projected in %.1f s%n", CHANGES, customer,
                    (System.nanoTime() - began) / 1e9);
        }
        // the latency of one request alone, then as more clients share the 2 cores (16 saturate them: the references'
        // p99 is then mostly queueing)
        for (int clients : new int[] {1, 4, 16}) {
            AnalyticsBench.run(base, token, requests, clients, "GET /actuator/health/liveness (reference)",
                    () -> "/actuator/health/liveness");
            AnalyticsBench.run(base, token, requests, clients, "GET /v1/customers/{id} (reference)",
                    () -> "/v1/customers/" + customer);
            AnalyticsBench.run(base, token, requests, clients,
                    "GET /v1/customers/{id}/health/changes (first page of " + CHANGES + ")",
                    () -> "/v1/customers/" + customer + "/health/changes");
        }
    }

    private static long single(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private HealthChangesBench() {
    }
}
