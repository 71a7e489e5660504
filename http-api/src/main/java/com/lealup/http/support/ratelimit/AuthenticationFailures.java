package com.lealup.http.support.ratelimit;

import com.lealup.http.support.ApiException;
import com.lealup.http.support.ApiMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Failed authentications (401) per client address, limited like a workspace's requests ({@link RateLimiter}, so
 * across nodes): over {@code lealup.rate-limits.classes.auth-failures} a request that fails authentication is
 * answered 429 instead. Only failures count and only failures are refused: a valid token from the same address
 * still works.
 * <p>
 * The address is the connection's peer ({@code getRemoteAddr()}); {@code X-Forwarded-For} counts only if Tomcat is
 * told to trust the proxy that sets it ({@code server.forward-headers-strategy=native}, docs/conventions.md).
 */
@Component
public class AuthenticationFailures {

    private static final String KEY_PREFIX = "address:";

    private final RateLimiter limiter;
    private final Clock clock;
    private final ApiMetrics metrics;

    AuthenticationFailures(RateLimiter limiter, Clock clock, ApiMetrics metrics) {
        this.limiter = limiter;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Counts the failure; the 401 itself, or a 429 if the address has failed too often in this window. Either carries
     * the {@code X-RateLimit-*} headers of the address's failures, as every limited response does.
     */
    public ApiException failed(HttpServletRequest request, HttpServletResponse response, ApiException unauthorized) {
        RateLimiter.Decision decision = limiter.acquire(KEY_PREFIX + request.getRemoteAddr(), null, LimitClass.AUTH_FAILURES);
        RateLimitFilter.setHeaders(response, decision);
        if (decision.allowed()) {
            return unauthorized;
        }
        metrics.rateLimited(LimitClass.AUTH_FAILURES.key());
        return RateLimitFilter.tooManyRequests(decision, LimitClass.AUTH_FAILURES, clock,
                "Too many requests with a missing, unknown or revoked token from this address");
    }
}
