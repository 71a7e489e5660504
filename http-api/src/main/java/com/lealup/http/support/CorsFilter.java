package com.lealup.http.support;

import com.lealup.api.StorableText;
import com.lealup.http.support.ratelimit.RateLimitGate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the origins of {@code lealup.http.cors-allowed-origins} ({@code LEALUP_CORS_ALLOWED_ORIGINS}, comma
 * separated, none by default). A preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) of an allowed origin is answered here, before authentication: {@code 200}
 * without a token, counted as a public request of its address (with the {@code X-RateLimit-*} headers every
 * {@code /v1} answer carries). Actual requests of an allowed origin get {@code Access-Control-Allow-Origin} and the exposed
 * headers. A request of any other origin passes through untouched: no CORS header, so the browser refuses it
 * (a preflight goes on to authentication: {@code 401}).
 */
@Component
@Order(FilterOrder.CORS)
class CorsFilter extends OncePerRequestFilter {

    private final CorsConfiguration config;
    private final ProblemWriter problems;
    private final RateLimitGate rateLimits;
    /** Rejections are answered as problems below, not as Spring's plain-text 403. */
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
        @Override
        protected void rejectRequest(ServerHttpResponse response) {
            // answered by the filter
        }
    };

    CorsFilter(@Value("${lealup.http.cors-allowed-origins:}") String allowedOrigins, ProblemWriter problems,
               RateLimitGate rateLimits) {
        this.problems = problems;
        this.rateLimits = rateLimits;
        List<String> origins = Arrays.stream(allowedOrigins.split(",")).map(String::trim).filter(o -> !o.isEmpty())
                .toList();
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOrigins(origins);
        // OPTIONS too: a plain OPTIONS (no Access-Control-Request-Method) is an actual request, answered with Allow
        c.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"));
        c.setAllowedHeaders(List.of(CorsConfiguration.ALL));
        c.setExposedHeaders(List.of(TraceIds.HEADER, HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
                "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Idempotent-Replayed"));
        c.setAllowCredentials(false);
        c.setMaxAge(Duration.ofHours(1));
        this.config = c;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || config.getAllowedOrigins().isEmpty() || config.checkOrigin(origin) == null
                || !CorsUtils.isCorsRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!processor.processRequest(config, request, response)) {
            // an allowed origin asking for a method we do not allow: 403, without CORS headers
            String method = CorsUtils.isPreFlightRequest(request)
                    ? request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) : request.getMethod();
            problems.write(request, response, ApiException.forbidden("CORS request refused: method "
                    + StorableText.abbreviated(method) + " is not allowed"));
            return;
        }
        if (CorsUtils.isPreFlightRequest(request)) {
            Optional<ApiException> tooMany = RoutedPath.of(request).startsWith("/v1/")
                    ? rateLimits.admit(request, response, null) : Optional.empty();
            if (tooMany.isPresent()) {
                problems.write(request, response, tooMany.get());
                return;
            }
            response.setStatus(HttpServletResponse.SC_OK);
            return;
        }
        chain.doFilter(request, response);
    }
}
