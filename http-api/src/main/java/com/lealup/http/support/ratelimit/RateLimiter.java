package com.lealup.http.support.ratelimit;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fixed-window rate limits per workspace and {@link LimitClass}, shared by every node of a deployment without a
 * database write per request.
 *
 * <p>Each node counts its own requests in memory and, every {@code lealup.rate-limits.sync-interval}, adds the
 * counts it has not yet reported to {@code rate_limit_window} in one upsert statement for all active keys, which
 * returns the global count of each window. A request is allowed while {@code known_global + local_unsynced <
 * limit}.
 *
 * <p>Overshoot bound: a node only learns of the other nodes' requests at its next sync, so within one sync
 * interval every node may accept up to the limit minus the global count it last knew. A window therefore admits
 * at most {@code limit + nodes × (requests each node accepted within one sync interval)}, and never more than
 * {@code nodes × limit}. With one node the limit is exact.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    // one statement for every active key, in key order so concurrent syncs of several nodes lock rows alike
    private static final String UPSERT = """
            INSERT INTO rate_limit_window (workspace_id, limit_class, window_start, request_count)
            SELECT w, c, to_timestamp(s), n FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) AS t(w, c, s, n)
            ON CONFLICT (workspace_id, limit_class, window_start)
            DO UPDATE SET request_count = rate_limit_window.request_count + EXCLUDED.request_count
            RETURNING workspace_id, limit_class, extract(epoch FROM window_start)::bigint, request_count""";

    /** The answer for one request: the headers of every limited response derive from it. */
    public record Decision(boolean allowed, long limit, long remaining, Instant reset) {
    }

    record WindowKey(String workspaceId, LimitClass limitClass, long windowStartSeconds) {
        static final Comparator<WindowKey> ORDER = Comparator.comparing(WindowKey::workspaceId)
                .thenComparing(WindowKey::limitClass).thenComparingLong(WindowKey::windowStartSeconds);
    }

    /** One window's count as this node knows it. */
    private static final class Counter {
        private final long windowEndSeconds;
        private long knownGlobal;
        private long unsynced;

        Counter(long windowEndSeconds) {
            this.windowEndSeconds = windowEndSeconds;
        }

        /** The requests left after this one, or -1 if this one is over the limit. */
        synchronized long tryAcquire(long limit) {
            long used = knownGlobal + unsynced;
            if (used >= limit) {
                return -1;
            }
            unsynced++;
            return limit - used - 1;
        }

        synchronized long unsynced() {
            return unsynced;
        }

        /** {@code global} includes the {@code reported} requests, so they are no longer counted as unsynced. */
        synchronized void synced(long reported, long global) {
            unsynced -= reported;
            knownGlobal = Math.max(knownGlobal, global);
        }

        synchronized boolean finished(long nowSeconds) {
            return windowEndSeconds <= nowSeconds && unsynced == 0;
        }
    }

    private final RateLimitProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<WindowKey, Counter> counters = new ConcurrentHashMap<>();

    public RateLimiter(RateLimitProperties properties, JdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Decision acquire(String workspaceId, String tier, LimitClass limitClass) {
        long windowSeconds = properties.window(limitClass).window().toSeconds();
        long limit = properties.limit(limitClass, tier);
        long now = clock.instant().getEpochSecond();
        long start = now - Math.floorMod(now, windowSeconds);
        long end = start + windowSeconds;
        long remaining = counters.computeIfAbsent(new WindowKey(workspaceId, limitClass, start), k -> new Counter(end))
                .tryAcquire(limit);
        return new Decision(remaining >= 0, limit, Math.max(remaining, 0), Instant.ofEpochSecond(end));
    }

    /** Reports this node's new counts and learns the global ones; forgets windows that are over. */
    @Scheduled(fixedDelayString = "${lealup.rate-limits.sync-interval:200ms}")
    public void sync() {
        Map<WindowKey, Long> reported = new HashMap<>();
        counters.forEach((key, counter) -> {
            long unsynced = counter.unsynced();
            if (unsynced > 0) {
                reported.put(key, unsynced);
            }
        });
        if (!reported.isEmpty()) {
            try {
                upsert(reported.keySet().stream().sorted(WindowKey.ORDER).toList(), reported);
            } catch (DataAccessException e) {
                // the counts stay unsynced and are reported next time; meanwhile this node limits on what it knows
                log.warn("Rate-limit sync failed: {}", e.getMessage());
            }
        }
        long now = clock.instant().getEpochSecond();
        counters.values().removeIf(counter -> counter.finished(now));
    }

    private void upsert(List<WindowKey> keys, Map<WindowKey, Long> reported) {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(UPSERT);
            Array workspaces = connection.createArrayOf("text", keys.stream().map(WindowKey::workspaceId).toArray());
            Array classes = connection.createArrayOf("text", keys.stream().map(k -> k.limitClass().key()).toArray());
            Array starts = connection.createArrayOf("bigint", keys.stream().map(WindowKey::windowStartSeconds).toArray());
            Array counts = connection.createArrayOf("bigint", keys.stream().map(reported::get).toArray());
            statement.setArray(1, workspaces);
            statement.setArray(2, classes);
            statement.setArray(3, starts);
            statement.setArray(4, counts);
            return statement;
        }, row -> {
            WindowKey key = new WindowKey(row.getString(1), LimitClass.valueOf(row.getString(2).toUpperCase()), row.getLong(3));
            counters.get(key).synced(reported.get(key), row.getLong(4));
        });
    }

    /** Windows that ended long ago are of no use to any node. */
    @Scheduled(fixedDelay = 5, timeUnit = TimeUnit.MINUTES)
    public void purge() {
        Instant cutoff = clock.instant().minus(properties.longestWindow().multipliedBy(2)).minus(Duration.ofMinutes(1));
        jdbc.update("DELETE FROM rate_limit_window WHERE window_start < ?", cutoff.atOffset(ZoneOffset.UTC));
    }
}
