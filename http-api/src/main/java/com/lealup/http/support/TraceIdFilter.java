package com.lealup.http.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a trace id before anything else runs: request attribute, {@code X-Trace-Id} response
 * header and SLF4J MDC entry (so every log line of the request carries it), and the metadata of every event the
 * request causes. A valid W3C {@code traceparent} gives it: its trace id (32 lowercase hex digits) is the
 * request's; without one, or with an invalid one, the id is a new ULID.
 */
@Component
@Order(FilterOrder.TRACE)
class TraceIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = TraceIds.assign(request);
        if (!response.isCommitted()) {
            response.setHeader(TraceIds.HEADER, traceId);
        }
        MDC.put(TraceIds.MDC_KEY, traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(TraceIds.MDC_KEY);
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
