package com.lealup.app.support;

import static com.lealup.app.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.HttpClientSupport.Response;
import java.time.Clock;
import java.util.function.Supplier;

/** Driving a workspace past the rate limit of a class (docs/conventions.md), for the API tests of every class. */
public final class RateLimits {

    private RateLimits() {
    }

    /** Waits for the next window when this one has less than 10 s left, so that what follows runs within one. */
    public static void startWithinOneWindow(Clock clock) throws InterruptedException {
        // windows start on the minute
        long second = clock.instant().getEpochSecond() % 60;
        if (second >= 50) {
            Thread.sleep((61 - second) * 1000);
        }
    }

    /**
     * Sends {@code request} until it is 429: not before {@code limit} requests, then naming {@code limitClass}, with
     * {@code Retry-After}. A window is a minute of the clock, so the requests go on to at most twice the limit: a
     * window that turns during the loop restarts the count once.
     */
    public static void assertLimitedAfter(int limit, String limitClass, Supplier<Response> request) {
        for (int i = 0; i <= 2 * limit; i++) {
            Response response = request.get();
            if (response.status() == 429) {
                assertThat(i).as("requests before the first 429").isGreaterThanOrEqualTo(limit);
                assertProblem(response, 429, "rate_limited");
                assertThat(response.json().path("limit_class").asText()).isEqualTo(limitClass);
                assertThat(response.header("Retry-After")).isNotNull();
                return;
            }
            assertThat(response.header("X-RateLimit-Limit")).as(response.toString()).isEqualTo(String.valueOf(limit));
        }
        throw new AssertionError("no 429 after " + (2 * limit + 1) + " requests of " + limitClass);
    }
}
