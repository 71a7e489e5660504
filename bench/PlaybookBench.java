import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playbook benchmark (run by bench/playbooks.sh against a running server).
 * 1. Loads 100,000 customers' facts straight into playbook_engine_facts (the engine's own table: the customers do
 *    not exist as aggregates, which does not matter for evaluation), then enables a playbook matching none of them
 *    and one matching 1 %, timing from the PATCH until the engine's token passes the enabling event (and, for the
 *    second, until its 1,000 runs are in GET /v1/playbooks/{id}/runs).
 * 2. Delay from a facts change to the task existing: PATCH a real customer so that an enabled playbook matches, then
 *    poll GET /v1/tasks?customer_id= until the playbook's task is there; p50/p99 over the probes.
 * Args: baseUrl operatorToken pgDataDir probes
 */
public class PlaybookBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int FACTS = 100_000;
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    static final Pattern WORKSPACE = Pattern.compile("\"workspace\":\\{\"id\":\"([^\"]+)\"");
    static final Pattern INDEX = Pattern.compile("\"index\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String ws = send("POST", base + "/v1/workspaces", args[1], "{\"name\":\"bench\",\"tier\":\"enterprise\"}");
        String token = match(SECRET, ws);
        String workspaceId = match(WORKSPACE, ws);
        int probes = Integer.parseInt(args[3]);
        Path pgData = Path.of(args[2]);
        String port = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
        // the embedded database's generated password, kept next to its data directory
        String password = Files.readString(pgData.resolveSibling("postgres.password")).trim();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password)) {
            long load = System.nanoTime();
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO playbook_engine_facts (customer_id, workspace_id, name, email_domain, arr, status, custom_fields)
                    SELECT 'cus_bench' || lpad(g::text, 22, '0'), ?, 'Customer ' || g, 'c' || g || '.bench.test',
                           CASE WHEN g % 100 = 0 THEN 500000 ELSE 1000 + g % 90000 END, 'active',
                           jsonb_build_object('tier', CASE WHEN g % 2 = 0 THEN 'gold' ELSE 'silver' END)
                    FROM generate_series(1, ?) g""")) {
                insert.setString(1, workspaceId);
                insert.setInt(2, FACTS);
                insert.executeUpdate();
            }
            System.out.printf("loaded %,d facts rows in %d ms%n", FACTS, (System.nanoTime() - load) / 1_000_000);

            for (int round = 0; round < 3; round++) {
                String none = playbook(base, token, "arr > 1000000 AND custom_fields.tier == 'gold'", false);
                long t0 = System.nanoTime();
                enable(base, token, none);
                awaitEngine(db);
                System.out.printf("enable, matches 0 of %,d: engine done in %d ms%n", FACTS, (System.nanoTime() - t0) / 1_000_000);
            }
            for (int round = 0; round < 2; round++) {
                String onePercent = playbook(base, token, "arr >= 500000 AND status == 'active'", false);
                long t0 = System.nanoTime();
                enable(base, token, onePercent);
                awaitEngine(db);
                long engine = (System.nanoTime() - t0) / 1_000_000;
                awaitRuns(db, onePercent, FACTS / 100);
                System.out.printf("enable, matches %,d of %,d: engine done (runs started) in %d ms, all runs listed in %d ms%n",
                        FACTS / 100, FACTS, engine, (System.nanoTime() - t0) / 1_000_000);
            }
        }

        // facts change -> task exists; the 100,000 loaded rows stay in the workspace (one evaluation per playbook each)
        String flagged = send("POST", base + "/v1/playbooks", token, """
                {"name":"Flagged","trigger":{"type":"condition","expression":"custom_fields.flag == true"},
                 "actions":[{"type":"create_task","title":"Follow up","assignee":"owner"}],"enabled":true}""");
        match(ID, flagged);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < probes + 10; i++) {
            String customer = match(ID, send("POST", base + "/v1/customers", token,
                    "{\"name\":\"Probe " + i + "\",\"email_domain\":\"p" + i + ".bench.test\"}"));
            long t0 = System.nanoTime();
            send("PATCH", base + "/v1/customers/" + customer, token, "{\"custom_fields\":{\"flag\":true}}");
            while (!send("GET", base + "/v1/tasks?customer_id=" + customer, token, null).contains("\"title\":\"Follow up\"")) {
                Thread.sleep(2);
            }
            if (i >= 10) { // warm-up
                delays.add((System.nanoTime() - t0) / 1_000);
            }
        }
        Collections.sort(delays);
        System.out.printf("facts change -> task exists (%d probes, PATCH included): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                delays.size(), delays.get(delays.size() / 2) / 1000.0,
                delays.get((int) Math.ceil(delays.size() * 0.99) - 1) / 1000.0, delays.get(delays.size() - 1) / 1000.0);
    }

    static String playbook(String base, String token, String expression, boolean enabled) throws Exception {
        return match(ID, send("POST", base + "/v1/playbooks", token, "{\"name\":\"Bench\",\"trigger\":{\"type\":\"condition\","
                + "\"expression\":\"" + expression + "\"},\"actions\":[{\"type\":\"notify\",\"channel\":\"webhook\","
                + "\"target\":\"https://hooks.bench.test/x\"}],\"enabled\":" + enabled + "}"));
    }

    static void enable(String base, String token, String playbook) throws Exception {
        send("PATCH", base + "/v1/playbooks/" + playbook, token, "{\"enabled\":true}");
    }

    /** Waits until the engine's token has passed every event stored so far. */
    static void awaitEngine(Connection db) throws Exception {
        long head;
        try (ResultSet rs = db.createStatement().executeQuery("SELECT max(global_index) FROM domain_event_entry")) {
            rs.next();
            head = rs.getLong(1);
        }
        while (true) {
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = 'playbook-engine'")) {
                long index = -1;
                while (rs.next()) {
                    Matcher m = INDEX.matcher(rs.getString(1));
                    if (m.find()) {
                        index = Math.max(index, Long.parseLong(m.group(1)));
                    }
                }
                if (index >= head) {
                    return;
                }
            }
            Thread.sleep(5);
        }
    }

    static void awaitRuns(Connection db, String playbook, int expected) throws Exception {
        while (true) {
            try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM playbook_run_view WHERE playbook_id = ?")) {
                count.setString(1, playbook);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= expected) {
                        return;
                    }
                }
            }
            Thread.sleep(10);
        }
    }

    static String send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(120));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
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
