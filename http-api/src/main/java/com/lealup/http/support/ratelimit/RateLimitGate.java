package com.lealup.http.support.ratelimit;

import com.lealup.http.support.ApiException;
import com.lealup.http.support.ApiMetrics;
import com.lealup.http.support.Caller;
import com.lealup.http.support.RoutedPath;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * Counts a request against the limit it falls under and shows that limit in its {@code X-RateLimit-*} headers,
 * whatever it is answered: a workspace's key, the workspace's limit of the request's {@link LimitClass class}; the
 * operator token, the operator's one limit ({@link LimitClass#OPERATOR}); no token (the public endpoints: the
 * OpenAPI document, the OAuth callback), the limit of the client's address ({@link LimitClass#PUBLIC}, the address as
 * {@link AuthenticationFailures} takes it). Failed authentications are counted apart, by
 * {@link AuthenticationFailures}.
 */
@Component
public class RateLimitGate {

    private static final String OPERATOR_KEY = "operator";
    private static final String ADDRESS_PREFIX = "address:";

    private final RateLimiter limiter;
    private final Clock clock;
    private final ApiMetrics metrics;

    RateLimitGate(RateLimiter limiter, Clock clock, ApiMetrics metrics) {
        this.limiter = limiter;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The 429 to answer instead when the limit of {@code caller} (null: no token) is spent; else empty. */
    public Optional<ApiException> admit(HttpServletRequest request, HttpServletResponse response,
                                        @Nullable Caller caller) {
        LimitClass limitClass;
        RateLimiter.Decision decision;
        if (caller == null) {
            limitClass = LimitClass.PUBLIC;
            decision = limiter.acquire(ADDRESS_PREFIX + request.getRemoteAddr(), null, limitClass);
        } else if (caller.workspaceId() == null) {
            limitClass = LimitClass.OPERATOR;
            decision = limiter.acquire(OPERATOR_KEY, null, limitClass);
        } else {
            limitClass = LimitClass.of(request.getMethod(), RoutedPath.of(request));
            decision = limiter.acquire(caller.workspaceId(), caller.tier(), limitClass);
        }
        RateLimitFilter.setHeaders(response, decision);
        if (decision.allowed()) {
            return Optional.empty();
        }
        metrics.rateLimited(limitClass.key());
        return Optional.of(RateLimitFilter.tooManyRequests(decision, limitClass, clock, caller == null
                ? "This address has used its " + decision.limit() + " requests to the public endpoints of this window"
                : "The " + (caller.workspaceId() == null ? "operator" : "workspace") + " has used its "
                        + decision.limit() + " " + limitClass.key() + " requests of this window"));
    }
}
