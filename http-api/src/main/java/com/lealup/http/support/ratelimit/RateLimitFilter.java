package com.lealup.http.support.ratelimit;

import com.lealup.http.support.ApiException;
import com.lealup.http.support.ApiMetrics;
import com.lealup.http.support.Caller;
import com.lealup.http.support.FilterOrder;
import com.lealup.http.support.ProblemWriter;
import com.lealup.http.support.RoutedPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the workspace's rate limit to every authenticated request (one without a {@link Caller} is not
 * limited, nor is the operator's): the {@code X-RateLimit-*} headers on every response, 429 with {@code Retry-After} over the limit.
 */
@Component
@Order(FilterOrder.RATE_LIMIT)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final ProblemWriter problems;
    private final Clock clock;
    private final ApiMetrics metrics;

    RateLimitFilter(RateLimiter limiter, ProblemWriter problems, Clock clock, ApiMetrics metrics) {
        this.limiter = limiter;
        this.problems = problems;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // anonymous and operator requests belong to no workspace, so no workspace's limit applies
        if (!(request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) || caller.workspaceId() == null) {
            chain.doFilter(request, response);
            return;
        }
        LimitClass limitClass = LimitClass.of(request.getMethod(), RoutedPath.of(request));
        RateLimiter.Decision decision = limiter.acquire(caller.workspaceId(), caller.tier(), limitClass);
        setHeaders(response, decision);
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        metrics.rateLimited(limitClass.key());
        problems.write(request, response, tooManyRequests(decision, limitClass, clock,
                "The workspace has used its " + decision.limit() + " " + limitClass.key() + " requests of this window"));
    }

    /** The {@code X-RateLimit-*} headers of {@code decision}, allowed or not. */
    static void setHeaders(HttpServletResponse response, RateLimiter.Decision decision) {
        response.setHeader("X-RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.reset().getEpochSecond()));
    }

    /** The 429 of a refused {@code decision}: {@code Retry-After} is the rest of the window. */
    static ApiException tooManyRequests(RateLimiter.Decision decision, LimitClass limitClass, Clock clock, String why) {
        long retryAfter = Math.max(1, decision.reset().getEpochSecond() - clock.instant().getEpochSecond());
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests",
                why + "; retry in " + retryAfter + " s", List.of(), Map.of("limit_class", limitClass.key()),
                Map.of("Retry-After", Long.toString(retryAfter)));
    }
}
