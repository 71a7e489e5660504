package com.lealup.http.support.ratelimit;

import com.lealup.http.support.ApiException;
import com.lealup.http.support.ApiMetrics;
import com.lealup.http.support.Caller;
import com.lealup.http.support.RoutedPath;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * Counts a request against the limit it falls under and shows that limit in its {@code X-RateLimit-*} headers,
 * whatever it is answered: a workspace's key, the workspace's limit of the request's {@link LimitClass class}; the
 * operator token, the operator's one limit ({@link LimitClass#OPERATOR}); no token (the public endpoints: the
 * OpenAPI document, the OAuth callback), the limit of the client's address ({@link LimitClass#PUBLIC}). Failed
 * authentications are counted by the same means, per address, in a class of their own ({@link AuthenticationFailures}).
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
        if (caller == null) {
            return admit(address(request), null, LimitClass.PUBLIC, response,
                    limit -> "This address has used its " + limit + " requests to the public endpoints of this window");
        }
        if (caller.workspaceId() == null) {
            return admit(OPERATOR_KEY, null, LimitClass.OPERATOR, response,
                    limit -> "The operator has used its " + limit + " operator requests of this window");
        }
        LimitClass limitClass = LimitClass.of(request.getMethod(), RoutedPath.of(request));
        return admit(caller.workspaceId(), caller.tier(), limitClass, response,
                limit -> "The workspace has used its " + limit + " " + limitClass.key() + " requests of this window");
    }

    /**
     * Counts one request of {@code key} in {@code limitClass} and sets its headers: the 429 (with {@code Retry-After},
     * the rest of the window) when the limit is spent, saying {@code why} of the limit; else empty.
     */
    Optional<ApiException> admit(String key, @Nullable String tier, LimitClass limitClass,
                                 HttpServletResponse response, LongFunction<String> why) {
        RateLimiter.Decision decision = limiter.acquire(key, tier, limitClass);
        response.setHeader("X-RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.reset().getEpochSecond()));
        if (decision.allowed()) {
            return Optional.empty();
        }
        metrics.rateLimited(limitClass.key());
        long retryAfter = Math.max(1, decision.reset().getEpochSecond() - clock.instant().getEpochSecond());
        return Optional.of(new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests",
                why.apply(decision.limit()) + "; retry in " + retryAfter + " s", List.of(),
                Map.of("limit_class", limitClass.key()), Map.of("Retry-After", Long.toString(retryAfter))));
    }

    /**
     * The key of the client's address: the connection's peer ({@code getRemoteAddr()}); {@code X-Forwarded-For} counts
     * only if Tomcat is told to trust the proxy that sets it ({@code server.forward-headers-strategy=native}).
     */
    static String address(HttpServletRequest request) {
        return ADDRESS_PREFIX + request.getRemoteAddr();
    }
}
