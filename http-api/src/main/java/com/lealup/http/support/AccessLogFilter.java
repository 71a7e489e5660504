package com.lealup.http.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One line per request, when its answer is written, on logger {@code com.lealup.http.access} (INFO; level WARN turns
 * it off): method, route template ({@code /v1/customers/{id}}, never the path or query a client typed, which may hold
 * personal data; {@code -} when no route matched, e.g. a request a filter answered), status, duration, workspace and
 * the trace id (in the MDC, so in every format). With {@code LEALUP_LOG_FORMAT=json} the same fields are key-value
 * pairs of the JSON line. A method HTTP does not define is {@code UNKNOWN}, as in the metrics: its name is text of the
 * client's choosing.
 */
@Component
@Order(FilterOrder.ACCESS_LOG)
class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("com.lealup.http.access");
    private static final Set<String> METHODS =
            Arrays.stream(HttpMethod.values()).map(HttpMethod::name).collect(Collectors.toUnmodifiableSet());

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!log.isInfoEnabled()) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String route = pattern == null ? "-" : pattern.toString();
            String workspace = request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller
                    && caller.workspaceId() != null ? caller.workspaceId() : "-";
            String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "UNKNOWN";
            log.atInfo().addKeyValue("http.method", method).addKeyValue("http.route", route)
                    .addKeyValue("http.status", status).addKeyValue("duration_ms", millis)
                    .addKeyValue("workspace_id", workspace)
                    .log("{} {} {} {}ms workspace={}", method, route, status, millis, workspace);
        }
    }
}
