package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.Ids;
import com.lealup.app.support.ApiTest;
import com.lealup.http.support.idempotency.IdempotencyStore;
import com.lealup.http.support.idempotency.IdempotencyStore.Outcome;
import com.lealup.http.support.idempotency.IdempotencyStore.StoredResponse;
import com.lealup.http.support.ratelimit.LimitClass;
import com.lealup.http.support.ratelimit.RateLimitProperties;
import com.lealup.http.support.ratelimit.RateLimiter;
import com.lealup.http.support.ratelimit.RateLimiter.Decision;
import com.lealup.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The rate-limit counters and the idempotency keys against the real tables, with a clock the test moves. */
class HttpInfrastructureStoresTest extends ApiTest {

    private static final Instant WINDOW_START = Instant.parse("2031-03-04T10:00:00Z");

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ObjectMapper objectMapper;

    private final TestClock clock = TestClock.fixedAt(WINDOW_START.plusSeconds(15));
    private final String workspace = "wsp_" + Ids.ulid();

    private RateLimiter node() {
        RateLimitProperties properties = new RateLimitProperties(Duration.ofMillis(200),
                Map.of(LimitClass.READS, new RateLimitProperties.Window(10, Duration.ofMinutes(1))), Map.of("scale", 5));
        return new RateLimiter(properties, jdbc, clock);
    }

    @Test
    void nodesSharingTheDatabaseNeverAcceptMoreThanTheLimit() {
        RateLimiter a = node();
        RateLimiter b = node();

        // interleaved, as a load balancer spreads them: each node spends its leases, none beyond the limit
        int accepted = 0;
        for (int i = 0; i < 30; i++) {
            accepted += acquire(i % 2 == 0 ? a : b, 1);
        }

        assertThat(accepted).isEqualTo(10);
        assertThat(leased()).isEqualTo(10);
    }

    @Test
    void aLeaseIsAShareOfWhatIsLeftSoRequestsCostFewerWritesThanRequests() {
        RateLimiter a = node();

        Decision first = a.acquire(workspace, "growth", LimitClass.READS);

        // a quarter of the 10 left, rounded up: 3 leased at once, 2 of them still this node's
        assertThat(leased()).isEqualTo(3);
        assertThat(first.remaining()).isEqualTo(9);
        assertThat(acquire(a, 2)).isEqualTo(2);
        assertThat(leased()).isEqualTo(3);
    }

    @Test
    void aNodeGivesBackWhatItLeasedAndLeftUnusedForASyncInterval() throws Exception {
        RateLimiter a = node();
        RateLimiter b = node();
        assertThat(acquire(a, 1)).isEqualTo(1);
        assertThat(leased()).isEqualTo(3);

        Thread.sleep(250);
        a.sync();

        assertThat(leased()).isEqualTo(1);
        assertThat(acquire(b, 20)).isEqualTo(9);
    }

    @Test
    void aNewWindowStartsAfreshAndTheHeadersTellWhen() {
        RateLimiter a = node();
        acquire(a, 10);
        Decision over = a.acquire(workspace, "growth", LimitClass.READS);

        clock.advance(Duration.ofSeconds(45));
        Decision next = a.acquire(workspace, "growth", LimitClass.READS);

        assertThat(over.allowed()).isFalse();
        assertThat(over.remaining()).isZero();
        assertThat(over.reset()).isEqualTo(WINDOW_START.plusSeconds(60));
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isEqualTo(9);
        assertThat(next.reset()).isEqualTo(WINDOW_START.plusSeconds(120));
    }

    /** A clock stepped back (NTP; the API tests' clock) reopens a window: the lease it held was given back when it ended. */
    @Test
    void aWindowThatEndedGivesBackItsLeaseForAClockSteppedBack() {
        RateLimiter a = node();
        assertThat(acquire(a, 1)).isEqualTo(1);
        assertThat(leased()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(60));
        a.sync();
        assertThat(leased()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(-60));

        assertThat(acquire(a, 20)).isEqualTo(9);
    }

    /** The row of a window a node still counts in, purged meanwhile (its clock stepped past it and back), is opened again. */
    @Test
    void aWindowWhoseRowWasPurgedIsOpenedAgain() {
        RateLimiter a = node();
        assertThat(acquire(a, 3)).isEqualTo(3);
        jdbc.update("DELETE FROM rate_limit_window WHERE workspace_id = ?", workspace);

        assertThat(acquire(a, 20)).isEqualTo(10);
    }

    @Test
    void theTierMultipliesTheLimit() {
        Decision scale = node().acquire(workspace, "scale", LimitClass.READS);

        assertThat(scale.limit()).isEqualTo(50);
    }

    @Test
    void oldWindowsArePurged() {
        RateLimiter a = node();
        acquire(a, 1);
        a.sync();

        clock.advance(Duration.ofHours(3));
        a.purge();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM rate_limit_window WHERE workspace_id = ?", Long.class, workspace))
                .isZero();
    }

    private int acquire(RateLimiter node, int requests) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += node.acquire(workspace, "growth", LimitClass.READS).allowed() ? 1 : 0;
        }
        return allowed;
    }

    private long leased() {
        return jdbc.queryForObject("SELECT request_count FROM rate_limit_window WHERE workspace_id = ?", Long.class, workspace);
    }

    private IdempotencyStore idempotency() {
        return new IdempotencyStore(jdbc, clock, Duration.ofHours(24), objectMapper);
    }

    @Test
    void aKeyIsReservedOnceThenReplaysItsResponseUntilItExpires() {
        IdempotencyStore store = idempotency();

        assertThat(store.reserve(workspace, "k1", "h1", "POST", "/v1/x").outcome()).isEqualTo(Outcome.RESERVED);
        assertThat(store.reserve(workspace, "k1", "h1", "POST", "/v1/x").outcome()).isEqualTo(Outcome.IN_USE);
        assertThat(store.reserve(workspace, "k1", "h2", "POST", "/v1/x").outcome()).isEqualTo(Outcome.REUSED);
        assertThat(store.reserve("wsp_" + Ids.ulid(), "k1", "h2", "POST", "/v1/x").outcome()).isEqualTo(Outcome.RESERVED);

        store.complete(workspace, "k1", new StoredResponse(201, Map.of("Location", "/v1/x/1"), "{}".getBytes(StandardCharsets.UTF_8)));
        IdempotencyStore.Reservation replay = store.reserve(workspace, "k1", "h1", "POST", "/v1/x");
        assertThat(replay.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(replay.response().status()).isEqualTo(201);
        assertThat(replay.response().headers()).containsEntry("Location", "/v1/x/1");
        assertThat(new String(replay.response().body(), StandardCharsets.UTF_8)).isEqualTo("{}");

        clock.advance(Duration.ofHours(24));
        assertThat(store.reserve(workspace, "k1", "h2", "POST", "/v1/x").outcome()).isEqualTo(Outcome.RESERVED);
    }

    @Test
    void aReleasedKeyMayRunAgainAndExpiredKeysArePurged() {
        IdempotencyStore store = idempotency();
        store.reserve(workspace, "k2", "h", "POST", "/v1/x");

        store.release(workspace, "k2");
        assertThat(store.reserve(workspace, "k2", "h", "POST", "/v1/x").outcome()).isEqualTo(Outcome.RESERVED);

        clock.advance(Duration.ofHours(25));
        store.purge();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_key WHERE workspace_id = ?", Long.class, workspace))
                .isZero();
    }
}
