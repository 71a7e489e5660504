package com.lealup.http.support.ratelimit;

import com.lealup.http.support.ApiException;
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
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the rate limit of every {@code /v1} request, and of the operator's anywhere ({@link RateLimitGate}): the
 * {@code X-RateLimit-*} headers on every response, 429 with {@code Retry-After} over the limit. The requests that
 * authentication answers itself are counted there: a 401 per address ({@link AuthenticationFailures}), a 403 as the
 * credential it refused.
 */
@Component
@Order(FilterOrder.RATE_LIMIT)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimitGate gate;
    private final ProblemWriter problems;

    RateLimitFilter(RateLimitGate gate, ProblemWriter problems) {
        this.gate = gate;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller authenticated
                ? authenticated : null;
        // health (load balancers) and the documentation's static pages are no API requests
        if (caller == null && !RoutedPath.of(request).startsWith("/v1/")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiException> tooMany = gate.admit(request, response, caller);
        if (tooMany.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(request, response, tooMany.get());
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
