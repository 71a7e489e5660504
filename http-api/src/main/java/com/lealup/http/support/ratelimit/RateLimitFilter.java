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
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
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
}
