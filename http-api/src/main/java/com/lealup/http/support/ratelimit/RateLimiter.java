package com.lealup.http.support.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Fixed-window rate limits per workspace and {@link LimitClass}, shared exactly by every node of a deployment,
 * without a database write per request.
 *
 * <p>A node leases shares of a window's quota from {@code rate_limit_window} (its row locked for the update, and
 * never leased beyond the limit) and spends them in memory. A lease is a quarter of what the window has
 * left as this node last saw it (at least one request), so leases shrink as the window fills: a window of limit
 * {@code L} costs a node about {@code 3.5·ln(L/4) + 5} round trips, not {@code L} writes. The nodes together never
 * accept more than the limit. What a node leased and did not use is given back when it has been idle for a sync
 * interval ({@link #sync}), so traffic that moves to another node finds it; the window can end with at most the
 * unused leases of nodes that kept receiving requests until its last sync interval below the limit.
 *
 * <p>A window known to be spent is refused from memory; a node asks the database again at most once per sync
 * interval (leases given back by other nodes). If the database cannot be reached, the node leases from itself
 * (as if alone) rather than refusing every request.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** A lease is this fraction of what the window has left. */
    private static final int LEASE_SHARE = 4;

    private static final String OPEN_WINDOW = """
            INSERT INTO rate_limit_window (workspace_id, limit_class, window_start, request_count)
            VALUES (?, ?, to_timestamp(?), 0) ON CONFLICT (workspace_id, limit_class, window_start) DO NOTHING""";
    // the window's row locked and read (the latest committed count), then raised by what the limit still leaves
    private static final String LEASE = """
            UPDATE rate_limit_window w SET request_count = w.request_count + LEAST(?, GREATEST(0, ? - old.request_count))
              FROM (SELECT request_count FROM rate_limit_window
                     WHERE workspace_id = ? AND limit_class = ? AND window_start = to_timestamp(?) FOR UPDATE) old
             WHERE w.workspace_id = ? AND w.limit_class = ? AND w.window_start = to_timestamp(?)
            RETURNING w.request_count - old.request_count, w.request_count""";
    private static final String GIVE_BACK = """
            UPDATE rate_limit_window SET request_count = GREATEST(0, request_count - ?)
             WHERE workspace_id = ? AND limit_class = ? AND window_start = to_timestamp(?)""";

    /** The answer for one request: the headers of every limited response derive from it. */
    public record Decision(boolean allowed, long limit, long remaining, Instant reset) {
    }

    record WindowKey(String workspaceId, LimitClass limitClass, long windowStartSeconds) {
    }

    /** One window as this node knows it: its unspent lease and the quota leased by every node. */
    private final class Counter {
        private final WindowKey key;
        private final long windowEndSeconds;
        private long lease;
        private long leasedByAll;
        private long askedAtNanos;
        private long lastUseNanos;
        private boolean windowOpened;

        Counter(WindowKey key, long windowEndSeconds) {
            this.key = key;
            this.windowEndSeconds = windowEndSeconds;
        }

        /** The requests left after this one, or -1 if this one is over the limit. */
        synchronized long tryAcquire(long limit) {
            lastUseNanos = System.nanoTime();
            if (lease == 0 && (leasedByAll < limit || lastUseNanos - askedAtNanos > syncIntervalNanos)) {
                askedAtNanos = lastUseNanos;
                lease(limit, Math.max(1, (limit - leasedByAll + LEASE_SHARE - 1) / LEASE_SHARE));
            }
            if (lease == 0) {
                return -1;
            }
            lease--;
            return lease + Math.max(0, limit - leasedByAll);
        }

        private void lease(long limit, long want) {
            String workspace = key.workspaceId();
            String limitClass = key.limitClass().key();
            long start = key.windowStartSeconds();
            try {
                // twice at most: a window's row purged meanwhile (the clock stepped past it and back) is opened again
                for (int attempt = 0; attempt < 2; attempt++) {
                    if (!windowOpened) {
                        jdbc.update(OPEN_WINDOW, workspace, limitClass, start);
                        windowOpened = true;
                    }
                    int rows = jdbc.query(LEASE, (row, n) -> {
                        lease += row.getLong(1);
                        leasedByAll = row.getLong(2);
                        return n;
                    }, want, limit, workspace, limitClass, start, workspace, limitClass, start).size();
                    if (rows > 0) {
                        return;
                    }
                    windowOpened = false;
                }
            } catch (DataAccessException e) {
                log.warn("Rate-limit lease failed, limiting on this node's own count: {}", e.getMessage());
                long granted = Math.max(0, Math.min(want, limit - leasedByAll));
                lease += granted;
                leasedByAll += granted;
            }
        }

        /** The unspent lease of a window this node has not used for {@code idleNanos}, now no longer this node's. */
        synchronized long takeIdleLease(long idleNanos) {
            if (lease == 0 || System.nanoTime() - lastUseNanos < idleNanos) {
                return 0;
            }
            long unused = lease;
            lease = 0;
            leasedByAll -= unused;
            return unused;
        }

        synchronized boolean finished(long nowSeconds) {
            return windowEndSeconds <= nowSeconds;
        }
    }

    private final RateLimitProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final long syncIntervalNanos;
    private final Map<WindowKey, Counter> counters = new ConcurrentHashMap<>();

    public RateLimiter(RateLimitProperties properties, JdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
        this.syncIntervalNanos = properties.syncInterval().toNanos();
    }

    public Decision acquire(String workspaceId, String tier, LimitClass limitClass) {
        long windowSeconds = properties.window(limitClass).window().toSeconds();
        long limit = properties.limit(limitClass, tier);
        long now = clock.instant().getEpochSecond();
        long start = now - Math.floorMod(now, windowSeconds);
        long end = start + windowSeconds;
        long remaining = counters.computeIfAbsent(new WindowKey(workspaceId, limitClass, start), k -> new Counter(k, end))
                .tryAcquire(limit);
        return new Decision(remaining >= 0, limit, Math.max(remaining, 0), Instant.ofEpochSecond(end));
    }

    /** Gives back the leases this node has not used for a sync interval; forgets windows that are over. */
    @Scheduled(fixedDelayString = "${lealup.rate-limits.sync-interval:200ms}")
    public void sync() {
        long now = clock.instant().getEpochSecond();
        // a window that is over gives back its lease too: a clock stepped back (NTP; a test's clock) opens it again
        counters.forEach((key, counter) -> {
            long unused = counter.finished(now) ? counter.takeIdleLease(0) : counter.takeIdleLease(syncIntervalNanos);
            if (unused > 0) {
                try {
                    jdbc.update(GIVE_BACK, unused, key.workspaceId(), key.limitClass().key(), key.windowStartSeconds());
                } catch (DataAccessException e) {
                    // the window keeps it as leased: fewer requests than the limit, never more
                    log.warn("Rate-limit lease could not be given back: {}", e.getMessage());
                }
            }
        });
        counters.values().removeIf(counter -> counter.finished(now));
    }

    /** Windows that ended long ago are of no use to any node. */
    @Scheduled(fixedDelay = 5, timeUnit = TimeUnit.MINUTES)
    public void purge() {
        Instant cutoff = clock.instant().minus(properties.longestWindow().multipliedBy(2)).minus(Duration.ofMinutes(1));
        jdbc.update("DELETE FROM rate_limit_window WHERE window_start < ?", cutoff.atOffset(ZoneOffset.UTC));
    }
}
